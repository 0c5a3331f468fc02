/** What every certhound ECS document shares: `ecs.version`, `observer.*` from `--observer`, address checks. */
import { isIP } from 'node:net';
import { ECS_VERSION } from './ecs-fields';

export interface EcsOptions {
  /** The sensor the input came from (`--observer`): `observer.name`. */
  readonly observer?: string;
}

export function ecsBase(opts: EcsOptions): Record<string, unknown> {
  return {
    ecs: { version: ECS_VERSION },
    observer: opts.observer ? { name: opts.observer, type: 'sensor' } : undefined,
  };
}

/** The address when an Elasticsearch `ip` field takes it (no brackets, zone or port), else undefined. */
export function ecsIp(text: string | undefined): string | undefined {
  return text !== undefined && isIP(text) !== 0 ? text : undefined;
}

export function networkType(ip: string): 'ipv4' | 'ipv6' {
  return ip.includes(':') ? 'ipv6' : 'ipv4';
}
