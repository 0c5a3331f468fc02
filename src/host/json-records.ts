/**
 * Two JSON record shapes that carry their fields by their own names:
 * Sumo Logic CSE normalised records (SumoLogic/cloud-siem-content-catalog schema/full_schema.md: baseImage,
 * commandLine, parentBaseImage, parentCommandLine, device_hostname, device_ip, user_username, pid, parentPid,
 * changeTarget, `_messagetime`/`timestamp` in epoch ms) and ECS (https://www.elastic.co/guide/en/ecs/current/:
 * process.*, host.*, user.*, registry.*, event.category/type, @timestamp).
 */
import { parseEpochMillis, parseUtcTime } from './parse-time';
import { parseCertStoreKey } from './registry-key';
import type { HostEvent, RegistryAction } from './types';
import type { MappedEvent } from './windows-event';

export function mapCseRecord(r: Record<string, unknown>, file: string, line: number): MappedEvent {
  const ev: HostEvent = { time: timeOf(r._messagetime ?? r._messageTime ?? r.timestamp), source: { file, line, format: 'cse-json' }, kind: 'process' };
  const change = str(r.changeTarget);
  if (change !== undefined) {
    const key = parseCertStoreKey(change);
    if (key === undefined) return null;
    ev.kind = 'registry';
    ev.registryKey = change;
    ev.registryStore = key.store;
    ev.registryThumbprint = key.thumbprint;
  }
  put(ev, 'host', str(r.device_hostname));
  put(ev, 'hostIp', str(r.device_ip));
  put(ev, 'user', str(r.user_username));
  put(ev, 'image', str(r.baseImage));
  put(ev, 'commandLine', str(r.commandLine));
  put(ev, 'parentImage', str(r.parentBaseImage));
  put(ev, 'parentCommandLine', str(r.parentCommandLine));
  putNumber(ev, 'pid', r.pid);
  putNumber(ev, 'parentPid', r.parentPid);
  return ev;
}

const ECS_REGISTRY_ACTIONS: Readonly<Record<string, RegistryAction>> = { creation: 'create', change: 'set', deletion: 'delete' };

export function mapEcsRecord(r: Record<string, unknown>, file: string, line: number): MappedEvent {
  const process = obj(r.process) ?? {};
  const event = obj(r.event) ?? {};
  const types = list(event.type);
  const registryPath = str(obj(r.registry)?.path);
  const key = registryPath === undefined ? undefined : parseCertStoreKey(registryPath);
  const isProcess = list(event.category).includes('process') || str(process.executable) !== undefined;
  if (key === undefined && (!isProcess || registryPath !== undefined || types.includes('end'))) return null;
  const ev: HostEvent = { time: timeOf(r['@timestamp']), source: { file, line, format: 'ecs-json' }, kind: 'process' };
  if (key !== undefined && registryPath !== undefined) {
    ev.kind = 'registry';
    ev.registryKey = registryPath;
    ev.registryStore = key.store;
    ev.registryThumbprint = key.thumbprint;
    const action = types.map((t) => ECS_REGISTRY_ACTIONS[t]).find((a) => a !== undefined);
    if (action !== undefined) ev.registryAction = action;
  }
  const host = obj(r.host);
  put(ev, 'host', str(host?.name) ?? str(host?.hostname));
  put(ev, 'hostIp', ecsHostIp(r));
  const user = obj(r.user);
  const userName = str(user?.name);
  put(ev, 'user', userName !== undefined && str(user?.domain) ? `${str(user?.domain)}\\${userName}` : userName);
  put(ev, 'image', str(process.executable));
  const args = list(process.args);
  put(ev, 'commandLine', str(process.command_line) ?? (args.length > 0 ? args.join(' ') : undefined));
  if (args.length > 0) ev.argv = args;
  const parent = obj(process.parent);
  put(ev, 'parentImage', str(parent?.executable));
  put(ev, 'parentCommandLine', str(parent?.command_line));
  putNumber(ev, 'pid', process.pid);
  putNumber(ev, 'parentPid', parent?.pid);
  return ev;
}

/** ECS `host.ip` (a string or a list): the first address. */
export function ecsHostIp(r: Record<string, unknown>): string | undefined {
  return list(obj(r.host)?.ip)[0];
}

function timeOf(v: unknown): number {
  return parseEpochMillis(v) ?? (typeof v === 'string' ? parseUtcTime(v) : undefined) ?? NaN;
}

function put(ev: HostEvent, field: 'host' | 'hostIp' | 'user' | 'image' | 'commandLine' | 'parentImage' | 'parentCommandLine', v: string | undefined): void {
  if (v !== undefined && v !== '') ev[field] = v;
}

function putNumber(ev: HostEvent, field: 'pid' | 'parentPid', v: unknown): void {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (Number.isSafeInteger(n)) ev[field] = n;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A string or array of strings (ECS keyword fields may be either). */
function list(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
