/**
 * The Elasticsearch composable index template for certhound's NDJSON, built from `DOCUMENT_FIELDS`: the mapping of
 * every field the documents carry (ECS's own for ECS fields), `certhound.*` strict so that no field is ever mapped
 * by guess. `certhound template | curl -XPUT -H 'Content-Type: application/json' es:9200/_index_template/certhound -d @-`.
 */
import { DOCUMENT_FIELDS, ECS_VERSION, type Mapping } from './ecs-fields';

interface ObjectMapping {
  type?: 'object';
  dynamic?: 'strict';
  properties: Record<string, ObjectMapping | Mapping>;
}

/** Nested `properties` from dotted field names; a name that is both a field and an object is a bug in the list. */
export function fieldProperties(fields: Readonly<Record<string, Mapping>>): Record<string, ObjectMapping | Mapping> {
  const root: ObjectMapping = { properties: {} };
  for (const [name, mapping] of Object.entries(fields)) {
    const parts = name.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = (node.properties[part] ??= { properties: {} }) as ObjectMapping;
      if (!('properties' in next)) throw new Error(`field list: ${name} sits under a field that is not an object`);
      node = next;
    }
    const leaf = parts[parts.length - 1];
    if (node.properties[leaf]) throw new Error(`field list: ${name} is both a field and an object`);
    node.properties[leaf] = mapping;
  }
  return root.properties;
}

export function indexTemplate(version: string, indexPatterns: string[] = ['certhound-*']): Record<string, unknown> {
  const properties = fieldProperties(DOCUMENT_FIELDS);
  (properties.certhound as ObjectMapping).dynamic = 'strict';
  return {
    index_patterns: indexPatterns,
    priority: 200,
    _meta: { description: 'certhound findings, connections, incidents and host detections (ECS)', ecs_version: ECS_VERSION, certhound_version: version },
    template: {
      settings: { index: { mapping: { total_fields: { limit: 3000 } } } },
      mappings: {
        date_detection: false,
        // as ECS's own template: a field someone adds upstream (an ingest pipeline) is a keyword, never a guess
        dynamic_templates: [{ strings_as_keyword: { match_mapping_type: 'string', mapping: { type: 'keyword', ignore_above: 1024 } } }],
        properties,
      },
    },
  };
}
