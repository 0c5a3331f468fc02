/**
 * ECS 9.4.0 as Elastic publishes it, from ../shared/ecs (README there: tag v9.4.0): `ecs_flat.yml` (each field's
 * type, allowed and expected values) and the component templates' mappings, by dotted field name.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SHARED_DIR } from './corpus';

export const ECS_DIR = join(SHARED_DIR, 'ecs');

export interface EcsField {
  type: string;
  allowed_values?: Array<{ name: string; expected_event_types?: string[] }>;
  expected_values?: string[];
}

let flat: Record<string, EcsField> | undefined;

export function ecsFlat(): Record<string, EcsField> {
  return (flat ??= parse(readFileSync(join(ECS_DIR, 'ecs_flat.yml'), 'utf8'), { maxAliasCount: -1 }) as Record<string, EcsField>);
}

type Props = Record<string, { properties?: Props } & Record<string, unknown>>;

/** Every mapped ECS field of the component templates, by dotted name. */
export function ecsComponentMappings(): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const walk = (props: Props, prefix: string): void => {
    for (const [k, v] of Object.entries(props)) {
      if (v.properties) walk(v.properties, `${prefix}${k}.`);
      else out.set(`${prefix}${k}`, v);
    }
  };
  const dir = join(ECS_DIR, 'generated', 'elasticsearch', 'composable', 'component');
  for (const file of readdirSync(dir)) {
    const t = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { template: { mappings: { properties: Props } } };
    walk(t.template.mappings.properties, '');
  }
  return out;
}
