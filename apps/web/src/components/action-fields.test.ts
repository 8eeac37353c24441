import { describe, expect, it } from 'vitest';
import i18next from '../i18n/i18n';
import { type OpenApiSchema, fieldsFromSchema } from './action-fields';
import { payloadOf } from './action-form';

const schemas: Record<string, OpenApiSchema> = {
  OpinionDto: {
    type: 'object',
    properties: {
      outcome: { type: 'string', enum: ['favourable', 'favourable-with-prescriptions', 'unfavourable'] },
      prescriptions: { type: 'array', items: { type: 'string' } },
      reasons: { type: 'string', maxLength: 8000 },
      documentId: { type: 'string', format: 'uuid', description: 'Il parere firmato, documento della pratica' },
    },
    required: ['outcome', 'documentId'],
  },
  ActDto: { type: 'object', properties: { date: { type: 'string', format: 'date' }, number: { type: 'string' } }, required: ['date'] },
  AdoptionDto: {
    type: 'object',
    properties: {
      act: { $ref: '#/components/schemas/ActDto' },
      sessionId: { type: 'string', format: 'uuid' },
      attendees: { type: 'integer' },
    },
    required: ['act'],
  },
};

describe('fieldsFromSchema', () => {
  const t = i18next.t.bind(i18next);

  it('turns a request schema into typed fields: enum as a choice, list, long text, the cited document, required from the schema', () => {
    const fields = fieldsFromSchema('OpinionDto', schemas, t);
    expect(fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ['outcome', 'select', true],
      ['prescriptions', 'list', false],
      ['reasons', 'textarea', false],
      ['documentId', 'document', true],
    ]);
    expect(fields[0].label).toEqual({ it: 'Esito', en: 'Outcome' });
    expect(fields[0].options?.map((o) => o.label)).toEqual([
      { it: 'Favorevole', en: 'Favourable' },
      { it: 'Favorevole con prescrizioni', en: 'Favourable with prescriptions' },
      { it: 'Sfavorevole', en: 'Unfavourable' },
    ]);
    expect(fields[3].description).toBe('Il parere firmato, documento della pratica.');
    expect(fields[1].description).toBe('Un elemento per riga.');
  });

  it("names nested fields as invalid-params does, puts the API's date window on its field and leaves out what the action targets", () => {
    const fields = fieldsFromSchema('AdoptionDto', schemas, t, {
      dateWindow: { field: 'act.date', from: '2027-03-01', to: '2027-03-31', legalSource: 'NdA PTM art. 7bis c.4' },
      target: { sessionId: 's-1' },
    });
    expect(fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ['act.date', 'date', true],
      ['act.number', 'text', false],
      ['attendees', 'integer', false],
    ]);
    expect(fields[0].allowedFrom).toBe('2027-03-01');
    expect(fields[0].allowedTo).toBe('2027-03-31');
    expect(String(fields[0].description)).toContain('NdA PTM art. 7bis c.4');
  });

  it('gives no fields for an action without a body', () => {
    expect(fieldsFromSchema(null, schemas, t)).toEqual([]);
  });
});

describe('payloadOf', () => {
  it('builds nested objects, arrays from lines and numbers, and keeps the fixed target values', () => {
    const fields = [
      { name: 'act.date', label: 'd', type: 'date' },
      { name: 'act.number', label: 'n', type: 'text' },
      { name: 'prescriptions', label: 'p', type: 'list', itemType: 'string' },
      { name: 'attendees', label: 'a', type: 'integer' },
      { name: 'note', label: 'x', type: 'text' },
    ];
    const payload = payloadOf(
      { 'act.date': '2027-03-10', 'act.number': '12', prescriptions: 'prima\n\n seconda ', attendees: '7', note: '' },
      fields,
      { sessionId: 's-1' },
    );
    expect(payload).toEqual({
      sessionId: 's-1',
      act: { date: '2027-03-10', number: '12' },
      prescriptions: ['prima', 'seconda'],
      attendees: 7,
    });
  });
});
