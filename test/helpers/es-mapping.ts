/**
 * Holds a JSON document against Elasticsearch mappings the way an index with `dynamic: strict` would take it: every
 * field must be mapped, and every value must be one the field's type accepts (no coercion: a keyword takes strings,
 * a long integers, an ip an address). Returns what would be rejected, one line each.
 */
import { isIP } from 'node:net';

type Props = Record<string, { type?: string; properties?: Props }>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function leafOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'keyword': case 'wildcard': case 'match_only_text': case 'text': case 'constant_keyword':
      return typeof v === 'string';
    case 'date':
      return (typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v))) || (typeof v === 'number' && Number.isInteger(v));
    case 'long': case 'integer':
      return typeof v === 'number' && Number.isSafeInteger(v);
    case 'float': case 'double': case 'scaled_float':
      return typeof v === 'number' && Number.isFinite(v);
    case 'ip':
      return typeof v === 'string' && isIP(v) !== 0;
    case 'boolean':
      return typeof v === 'boolean';
    case 'flattened':
      return typeof v === 'object' && v !== null;
    default:
      return false;
  }
}

export function mappingErrors(doc: unknown, properties: Props, path = ''): string[] {
  const errors: string[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return [`${path || '(document)'}: not an object`];
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const name = path ? `${path}.${key}` : key;
    const mapping = properties[key];
    if (!mapping) {
      errors.push(`${name}: not mapped`);
      continue;
    }
    const values = Array.isArray(value) ? value.flat(Infinity) : [value];
    for (const v of values) {
      if (v === null) errors.push(`${name}: null`);
      else if (mapping.properties) {
        errors.push(...mappingErrors(v, mapping.properties, name));
      } else if (!leafOk(mapping.type ?? 'object', v)) {
        errors.push(`${name}: ${JSON.stringify(v).slice(0, 80)} is no ${mapping.type}`);
      }
    }
  }
  return errors;
}

/** Every leaf field name of a document (dotted, arrays looked through), with the JSON types its values have. */
export function leafTypes(doc: unknown, into = new Map<string, Set<string>>(), path = '', flattened: ReadonlySet<string> = new Set()): Map<string, Set<string>> {
  const values = Array.isArray(doc) ? doc.flat(Infinity) : [doc];
  for (const v of values) {
    if (typeof v === 'object' && v !== null && !flattened.has(path)) {
      for (const [k, child] of Object.entries(v)) leafTypes(child, into, path ? `${path}.${k}` : k, flattened);
    } else {
      const set = into.get(path) ?? new Set<string>();
      set.add(typeof v === 'object' ? 'object' : typeof v);
      into.set(path, set);
    }
  }
  return into;
}
