/**
 * The field list every document and the shipped index template come from, held against ECS 9.4.0 itself
 * (../shared/ecs: ecs_flat.yml and the component templates Elastic generates from it).
 */
import { CERTHOUND_FIELDS, DOCUMENT_FIELDS, ECS_FIELDS, ECS_VERSION } from '../../src/output/ecs-fields';
import { indexTemplate, fieldProperties } from '../../src/output/ecs-template';
import { ecsComponentMappings, ecsFlat } from '../helpers/ecs-reference';

describe('ECS field list', () => {
  const flat = ecsFlat();
  const components = ecsComponentMappings();

  it('is ECS 9.4.0', () => {
    expect(ECS_VERSION).toBe('9.4.0');
    expect(flat['ecs.version']).toBeDefined();
  });

  it('gives every ECS field ECS\'s own type', () => {
    const wrong = Object.entries(ECS_FIELDS)
      .filter(([name, m]) => flat[name]?.type !== m.type)
      .map(([name, m]) => `${name}: ours ${m.type}, ECS ${flat[name]?.type ?? '(no such field)'}`);
    expect(wrong).toEqual([]);
  });

  it('maps every ECS field exactly as ECS\'s component templates do', () => {
    const wrong = Object.entries(ECS_FIELDS)
      .filter(([name, m]) => JSON.stringify(sorted(components.get(name))) !== JSON.stringify(sorted(m)))
      .map(([name, m]) => `${name}: ours ${JSON.stringify(m)}, ECS ${JSON.stringify(components.get(name))}`);
    expect(wrong).toEqual([]);
  });

  it('keeps certhound\'s own fields under certhound.* and out of ECS\'s names', () => {
    expect(Object.keys(CERTHOUND_FIELDS).filter((n) => !n.startsWith('certhound.'))).toEqual([]);
    expect(Object.keys(CERTHOUND_FIELDS).filter((n) => flat[n] !== undefined)).toEqual([]);
    expect(Object.keys(DOCUMENT_FIELDS)).toHaveLength(Object.keys(ECS_FIELDS).length + Object.keys(CERTHOUND_FIELDS).length);
  });

  it('builds a template with one mapping per field, certhound.* strict', () => {
    const t = indexTemplate('1.2.3') as { template: { mappings: { properties: Record<string, any> } }; _meta: Record<string, string> };
    const props = t.template.mappings.properties;
    expect(props.certhound.dynamic).toBe('strict');
    expect(props.tls.properties.server.properties.x509.properties.subject.properties.organization).toEqual({ type: 'keyword', ignore_above: 1024 });
    expect(props.event.properties.severity).toEqual({ type: 'long' });
    expect(t._meta).toMatchObject({ ecs_version: '9.4.0', certhound_version: '1.2.3' });
  });

  it('refuses a list where one name is both a field and an object', () => {
    expect(() => fieldProperties({ 'a.b': { type: 'keyword' }, 'a.b.c': { type: 'long' } })).toThrow(/a\.b\.c/);
  });
});

function sorted(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sorted(x)]));
}
