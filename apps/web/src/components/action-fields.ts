// Builds an action's form fields from the OpenAPI schema of its request body, the one the API
// names in GET /cases/:caseId/actions (requestSchema). The schema is the API's own contract:
// the browser learns from it which fields exist, their kinds, which are required, and which
// dates the procedure allows now (dateWindow); it decides nothing itself.
import type { ActionFieldView } from './action-form';

export interface OpenApiSchema {
  $ref?: string;
  allOf?: OpenApiSchema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  description?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

export interface DateWindow {
  field: string;
  from?: string | null;
  to?: string | null;
  legalSource?: string;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

function resolve(schema: OpenApiSchema | undefined, schemas: Record<string, OpenApiSchema>, depth = 0): OpenApiSchema | undefined {
  if (!schema || depth > 8) return schema;
  if (schema.$ref) return resolve(schemas[schema.$ref.split('/').pop() ?? ''], schemas, depth + 1);
  if (schema.allOf?.length === 1) return resolve(schema.allOf[0], schemas, depth + 1);
  return schema;
}

const humanize = (name: string): string => {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function kindOf(name: string, schema: OpenApiSchema, schemas: Record<string, OpenApiSchema>): string {
  if (schema.enum) return 'select';
  switch (schema.type) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'array': {
      const items = resolve(schema.items, schemas);
      // Documents of the case, cited by id (e.g. an integration's documentIds): picked, never typed.
      if (items?.type === 'string' && (items.format === 'uuid' || /documentIds$/i.test(name)) && /document/i.test(name)) return 'documents';
      return items?.type === 'object' || items?.properties ? 'json' : 'list';
    }
    case 'object':
      return 'json';
    default:
      if (schema.format === 'date') return 'date';
      if (schema.format === 'date-time') return 'datetime';
      if (schema.format === 'email') return 'email';
      if (schema.format === 'uuid' && /document/i.test(name)) return 'document';
      if ((schema.maxLength ?? 0) > 300) return 'textarea';
      return 'text';
  }
}

function labelOf(property: string, raw: OpenApiSchema, child: OpenApiSchema, t: Translate): { it: string; en: string } {
  return {
    it: t('fields.' + property, { lng: 'it', defaultValue: raw.description ?? child.description ?? humanize(property) }),
    en: t('fields.' + property, { lng: 'en', defaultValue: humanize(property) }),
  };
}

/**
 * The form's fields of one request schema. Nested objects become dotted names (`act.date`),
 * the same names class-validator gives in `invalid-params`; fields the action already targets
 * (e.g. a session id in its path) are left out and sent as they are.
 */
export function fieldsFromSchema(
  schemaName: string | null | undefined,
  schemas: Record<string, OpenApiSchema>,
  t: Translate,
  options: { dateWindow?: DateWindow | null; target?: Record<string, string> | null } = {},
): ActionFieldView[] {
  const root = schemaName ? resolve(schemas[schemaName], schemas) : undefined;
  if (!root) return [];
  const fields: ActionFieldView[] = [];
  // A nested field is named with its parent ("Delegato — Nome"): a bare "Nome" would not say whose.
  const walk = (schema: OpenApiSchema, prefix: string, requiredParent: boolean, depth: number, parent?: { it: string; en: string }) => {
    const required = new Set(schema.required ?? []);
    for (const [property, raw] of Object.entries(schema.properties ?? {})) {
      const name = `${prefix}${property}`;
      if (options.target && property in options.target && !prefix) continue;
      const child = resolve(raw, schemas) ?? {};
      const isRequired = requiredParent && required.has(property);
      if ((child.type === 'object' || child.properties) && child.properties && depth < 3) {
        const own = labelOf(property, raw, child, t);
        walk(child, `${name}.`, isRequired, depth + 1, parent ? { it: `${parent.it} — ${own.it}`, en: `${parent.en} — ${own.en}` } : own);
        continue;
      }
      const type = kindOf(property, child, schemas);
      const window = options.dateWindow && options.dateWindow.field === name ? options.dateWindow : null;
      const hints = [
        raw.description ?? child.description,
        type === 'list' ? t('actions.list') : '',
        type === 'json' ? t('actions.json') : '',
        window?.legalSource ? t('actions.legalSource', { source: window.legalSource }) : '',
      ]
        .filter(Boolean)
        .map((hint) => (/[.!?:]$/.test(String(hint)) ? hint : `${hint}.`))
        .join(' ');
      const own = labelOf(property, raw, child, t);
      fields.push({
        name,
        label: parent ? { it: `${parent.it} — ${own.it}`, en: `${parent.en} — ${own.en}` } : own,
        type,
        required: isRequired,
        description: hints || null,
        options: child.enum?.map((value) => ({
          value: String(value),
          label: {
            it: t(`values.${String(value)}`, { lng: 'it', defaultValue: String(value) }),
            en: t(`values.${String(value)}`, { lng: 'en', defaultValue: String(value) }),
          },
        })),
        allowedFrom: window?.from ?? null,
        allowedTo: window?.to ?? null,
        min: child.minimum ?? null,
        max: child.maximum ?? null,
        itemType: type === 'list' ? (resolve(child.items, schemas)?.type ?? 'string') : undefined,
      });
    }
  };
  walk(root, '', true, 0);
  return fields;
}
