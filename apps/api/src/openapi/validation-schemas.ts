import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** A JSON Schema node as the OpenAPI document holds it. */
export type SchemaNode = Record<string, unknown>;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Every class that carries class-validator rules, by name (the name Nest Swagger gives its schema). */
export function validatedClasses(): Map<string, object> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<object, ValidationMetadata[]> | ValidationMetadata[] };
  const targets =
    storage.validationMetadatas instanceof Map
      ? [...storage.validationMetadatas.keys()]
      : [...new Set(storage.validationMetadatas.map((m) => m.target))];
  const byName = new Map<string, object>();
  const repeated = new Set<string>();
  for (const target of targets) {
    if (typeof target !== 'function' || !target.name) continue;
    if (byName.has(target.name) && byName.get(target.name) !== target) repeated.add(target.name);
    byName.set(target.name, target);
  }
  // Two classes with one name cannot be told apart in the document: leave both alone.
  for (const name of repeated) byName.delete(name);
  return byName;
}

/** A stand-in rule for "the value is transformed (e.g. trimmed) before it is validated". */
const TRANSFORMED = 'cmm:transformed';

/** The rules of each property of a validated class, inherited ones included. */
export function propertyRules(target: object): Map<string, ValidationMetadata[]> {
  const rules = new Map<string, ValidationMetadata[]>();
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(target as new () => object, '', true, false)) {
    rules.set(metadata.propertyName, [...(rules.get(metadata.propertyName) ?? []), metadata]);
  }
  for (const [property, list] of rules) {
    if (defaultMetadataStorage.findTransformMetadatas(target as new () => object, property, TransformationType.PLAIN_TO_CLASS).length) {
      list.push({ name: TRANSFORMED, constraints: [] } as unknown as ValidationMetadata);
    }
  }
  return rules;
}

const nameOf = (metadata: ValidationMetadata): string | undefined =>
  metadata.name ?? (metadata.type !== 'customValidation' ? metadata.type : undefined);

/**
 * Writes into a property's schema what its validators enforce, so the document states the
 * same limits the API applies (types, formats, bounds, patterns, enums, array sizes): a
 * client or a fuzzer that follows the document is never refused for a rule it could not see.
 */
export function applyRules(schema: SchemaNode, rules: readonly ValidationMetadata[]): void {
  if ('$ref' in schema || 'allOf' in schema) return;
  const own = rules.filter((rule) => !rule.each);
  const each = rules.filter((rule) => rule.each);
  applyScalarRules(schema, own);
  if (schema.type === 'array') {
    for (const rule of own) {
      const [value] = rule.constraints ?? [];
      if (nameOf(rule) === 'arrayMaxSize') schema.maxItems = value;
      if (nameOf(rule) === 'arrayMinSize') schema.minItems = value;
    }
    if (each.length && schema.items && typeof schema.items === 'object') applyRules(schema.items as SchemaNode, each);
  }
}

function applyScalarRules(schema: SchemaNode, rules: readonly ValidationMetadata[]): void {
  for (const rule of rules) {
    const constraints = (rule.constraints ?? []) as unknown[];
    const [first, second] = constraints;
    switch (nameOf(rule)) {
      case 'isInt':
        schema.type = 'integer';
        break;
      case 'isNumber':
        if (schema.type !== 'integer') schema.type = 'number';
        break;
      case 'min':
        schema.minimum = first;
        break;
      case 'max':
        schema.maximum = first;
        break;
      case 'isPositive':
        if (schema.minimum === undefined) schema.minimum = schema.type === 'integer' ? 1 : 0;
        if (schema.type !== 'integer') schema.exclusiveMinimum = true;
        break;
      case 'maxLength':
        schema.maxLength = first;
        break;
      case 'minLength':
        schema.minLength = first;
        break;
      case 'isLength':
        schema.minLength = first;
        if (second !== undefined) schema.maxLength = second;
        break;
      case 'matches':
        if (first instanceof RegExp && !first.flags.replace(/[gsu]/g, '')) schema.pattern = first.source;
        else if (typeof first === 'string' && !second) schema.pattern = first;
        break;
      case 'isUuid':
        schema.format = 'uuid';
        break;
      case 'isEmail':
        schema.format = 'email';
        break;
      case 'isIn':
        if (Array.isArray(first) && !schema.enum) schema.enum = first;
        break;
      case 'isIso8601':
      case 'isDateString':
        if (schema.format !== 'date') schema.format = 'date-time';
        break;
      case 'isCivilDate':
        schema.format = 'date';
        break;
      case 'isNotEmpty':
        if (schema.type === 'string') schema.minLength = Math.max(1, Number(schema.minLength ?? 0));
        break;
      case 'arrayNotEmpty':
        schema.minItems = Math.max(1, Number(schema.minItems ?? 0));
        break;
      case 'arrayUnique':
        schema.uniqueItems = true;
        break;
      case 'isBoolean':
        schema.type = 'boolean';
        break;
      case 'isUrl':
        schema.format = 'uri';
        break;
      case 'isEnum':
        if (!schema.enum && Array.isArray(second)) schema.enum = second;
        break;
    }
  }
  // A transformed (trimmed) string that must not be empty needs a character that is not a space.
  if (
    schema.type === 'string' &&
    Number(schema.minLength ?? 0) >= 1 &&
    !schema.pattern &&
    !schema.format &&
    !schema.enum &&
    rules.some((rule) => rule.name === TRANSFORMED)
  ) {
    schema.pattern = '\\S';
  }
  if (schema.type === 'integer' && !schema.format) {
    const min = typeof schema.minimum === 'number' ? schema.minimum : -Infinity;
    const max = typeof schema.maximum === 'number' ? schema.maximum : Infinity;
    schema.format = min >= INT32_MIN && max <= INT32_MAX ? 'int32' : 'int64';
  }
}
