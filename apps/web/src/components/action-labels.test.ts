import { describe, expect, it } from 'vitest';
import requestSchemas from '../api/request-schemas.json';
import english from '../i18n/en.json';
import italian from '../i18n/it.json';
import type { OpenApiSchema } from './action-fields';

const SCHEMAS = requestSchemas as Record<string, OpenApiSchema>;

// Every property name and every enum value of every request body the API can ask for in an
// action form (the whole generated set, so a new DTO is covered without touching this test).
function vocabulary(): { fields: Set<string>; values: Set<string> } {
  const fields = new Set<string>();
  const values = new Set<string>();
  const walk = (schema: OpenApiSchema | undefined) => {
    if (!schema) return;
    for (const value of schema.enum ?? []) values.add(String(value));
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      fields.add(name);
      walk(child);
    }
    walk(schema.items);
    for (const part of schema.allOf ?? []) walk(part);
  };
  Object.values(SCHEMAS).forEach(walk);
  return { fields, values };
}

describe('action form labels', () => {
  const { fields, values } = vocabulary();
  const missing = (catalogue: Record<string, string>, names: Set<string>) => [...names].filter((name) => !(name in catalogue)).sort();

  it('names every field of every action in Italian and in English (never the property name)', () => {
    expect(missing(italian.fields, fields)).toEqual([]);
    expect(missing(english.fields, fields)).toEqual([]);
  });

  it('names every choice of every action in Italian and in English (never the code)', () => {
    expect(missing(italian.values, values)).toEqual([]);
    expect(missing(english.values, values)).toEqual([]);
  });
});
