import { describe, expect, it } from 'vitest';
import {
  ACT_TYPES,
  type EvaluationDraft,
  documentChecklist,
  draftKey,
  emptyDraft,
  fieldOfParam,
  loadDraft,
  missingDocuments,
  parseDraft,
  saveDraft,
  submissionOf,
  uploadTitle,
} from './evaluation-draft';

const file = (uploadId: string, filename: string) => ({ uploadId, filename, sizeBytes: 2048, title: filename });

const complete = (overrides: Partial<EvaluationDraft> = {}): EvaluationDraft => ({
  ...emptyDraft(),
  step: 4,
  actType: 'variante-pgt',
  deliberationNumber: ' 45/2026 ',
  deliberationDate: '2026-10-30',
  description: '  Variante al PGT per lo scalo ferroviario ',
  relevance: 'yes',
  affectedMunicipalities: ['015146', '015118'],
  adhesion: 'a',
  documents: {
    adoptedAct: file('11111111-1111-4111-8111-111111111111', 'delibera.pdf'),
    diffusionBalance: file('22222222-2222-4222-8222-222222222222', 'bilancio.pdf'),
    adhesionDeliberation: file('33333333-3333-4333-8333-333333333333', 'adesione.pdf'),
    attachments: [
      file('44444444-4444-4444-8444-444444444444', 'relazione.pdf'),
      file('55555555-5555-4555-8555-555555555555', 'tavola.pdf'),
    ],
  },
  ...overrides,
});

class MemoryStorage implements Storage {
  private values = new Map<string, string>();
  get length() {
    return this.values.size;
  }
  clear() {
    this.values.clear();
  }
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  key(index: number) {
    return [...this.values.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
  setItem(key: string, value: string) {
    this.values.set(key, value);
  }
}

describe('the documents checklist', () => {
  it('asks only for the adopted act (and optional attachments) when nothing else is declared', () => {
    const draft = { ...emptyDraft(), relevance: 'no' as const };
    expect(documentChecklist(draft).map((item) => [item.slot, item.required])).toEqual([
      ['adoptedAct', true],
      ['attachments', false],
    ]);
    expect(missingDocuments(draft)).toEqual(['adoptedAct']);
  });

  it('adds the diffusion balance when supra-municipal relevance is declared', () => {
    const draft = { ...emptyDraft(), relevance: 'yes' as const };
    expect(documentChecklist(draft).map((item) => item.slot)).toEqual(['adoptedAct', 'diffusionBalance', 'attachments']);
    expect(missingDocuments(draft)).toEqual(['adoptedAct', 'diffusionBalance']);
  });

  it('adds the adhesion deliberation for adhesion case a or b, not without adhesion', () => {
    for (const adhesion of ['a', 'b'] as const) {
      expect(documentChecklist({ ...emptyDraft(), relevance: 'no', adhesion }).map((item) => item.slot)).toEqual([
        'adoptedAct',
        'adhesionDeliberation',
        'attachments',
      ]);
    }
    expect(documentChecklist({ ...emptyDraft(), relevance: 'no', adhesion: 'none' }).map((item) => item.slot)).not.toContain(
      'adhesionDeliberation',
    );
  });

  it('counts what is uploaded: nothing missing once every required file is there, attachments never required', () => {
    const draft = complete();
    expect(missingDocuments(draft)).toEqual([]);
    expect(
      documentChecklist(draft)
        .find((item) => item.slot === 'attachments')
        ?.uploaded.map((f) => f.filename),
    ).toEqual(['relazione.pdf', 'tavola.pdf']);
    expect(missingDocuments({ ...draft, documents: { ...draft.documents, diffusionBalance: undefined } })).toEqual(['diffusionBalance']);
  });
});

describe('the payload for POST /compatibility-evaluations', () => {
  it('carries every answer and upload id, trimmed, in the shape of SubmitEvaluationDto', () => {
    expect(submissionOf(complete())).toEqual({
      actType: 'variante-pgt',
      deliberation: { number: '45/2026', date: '2026-10-30' },
      description: 'Variante al PGT per lo scalo ferroviario',
      declaresSupraMunicipalRelevance: true,
      affectedMunicipalities: ['015146', '015118'],
      adhesionCase: 'a',
      uploads: {
        adoptedAct: '11111111-1111-4111-8111-111111111111',
        diffusionBalance: '22222222-2222-4222-8222-222222222222',
        adhesionDeliberation: '33333333-3333-4333-8333-333333333333',
        attachments: ['44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555'],
      },
    });
  });

  it('leaves out what a later answer made moot: municipalities and balance without relevance, the adhesion deliberation without adhesion', () => {
    const payload = submissionOf(complete({ relevance: 'no', adhesion: 'none', documents: { ...complete().documents, attachments: [] } }));
    expect(payload).toEqual({
      actType: 'variante-pgt',
      deliberation: { number: '45/2026', date: '2026-10-30' },
      description: 'Variante al PGT per lo scalo ferroviario',
      declaresSupraMunicipalRelevance: false,
      uploads: { adoptedAct: '11111111-1111-4111-8111-111111111111' },
    });
  });

  it('does not send an empty list of affected municipalities', () => {
    expect(submissionOf(complete({ affectedMunicipalities: [] }))).not.toHaveProperty('affectedMunicipalities');
  });
});

describe('the fields named by the API', () => {
  it('maps invalid-params to the wizard fields, list positions and body prefixes dropped', () => {
    expect(fieldOfParam('deliberation.date')).toBe('deliberation.date');
    expect(fieldOfParam('body.deliberation.number')).toBe('deliberation.number');
    expect(fieldOfParam('affectedMunicipalities.2')).toBe('affectedMunicipalities');
    expect(fieldOfParam('uploads.attachments.1')).toBe('uploads.attachments');
    expect(fieldOfParam('uploads.diffusionBalance')).toBe('uploads.diffusionBalance');
    expect(fieldOfParam('deliberation')).toBe('deliberation.number');
    expect(fieldOfParam('somethingElse')).toBeUndefined();
  });
});

describe('the draft in sessionStorage', () => {
  it('is kept per user and read back as saved', () => {
    const storage = new MemoryStorage();
    const draft = complete({ step: 3 });
    saveDraft(storage, 'rho-clerk', draft);
    expect(storage.getItem(draftKey('rho-clerk'))).not.toBeNull();
    expect(loadDraft(storage, 'rho-clerk')).toEqual(draft);
    expect(loadDraft(storage, 'milano-clerk')).toBeNull();
  });

  it('keeps only what it understands: unknown values become empty, broken uploads are dropped', () => {
    const restored = parseDraft(
      JSON.stringify({
        version: 1,
        step: 9,
        actType: 'castle',
        deliberationNumber: 45,
        deliberationDate: '2026-10-30',
        relevance: 'maybe',
        affectedMunicipalities: ['015146', 7],
        adhesion: 'c',
        documents: {
          adoptedAct: { uploadId: 'a1', filename: 'atto.pdf', sizeBytes: 10 },
          diffusionBalance: { filename: 'no-id.pdf' },
          attachments: [null, { uploadId: 'x', filename: 'x.pdf' }],
        },
      }),
    );
    expect(restored).toEqual({
      ...emptyDraft(),
      deliberationDate: '2026-10-30',
      affectedMunicipalities: ['015146'],
      documents: {
        adoptedAct: { uploadId: 'a1', filename: 'atto.pdf', sizeBytes: 10, title: 'atto.pdf' },
        attachments: [{ uploadId: 'x', filename: 'x.pdf', sizeBytes: 0, title: 'x.pdf' }],
      },
    });
    expect(parseDraft('{not json')).toBeNull();
    expect(parseDraft(JSON.stringify({ version: 2 }))).toBeNull();
  });
});

describe('upload titles and act types', () => {
  it('titles a named slot by its Italian name and a further file by its name', () => {
    expect(uploadTitle('adoptedAct', 'x.pdf')).toBe('Atto adottato');
    expect(uploadTitle('attachments', 'Relazione illustrativa.pdf')).toBe('Relazione illustrativa');
  });

  it('offers the act types the API declares', () => {
    expect(ACT_TYPES).toEqual(['pgt', 'variante-pgt', 'suap', 'pii', 'piano-attuativo', 'opera-pubblica']);
  });
});
