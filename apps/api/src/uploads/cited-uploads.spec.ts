import type { UploadRecord } from '@cmm/persistence';
import { type CitedUpload, storedFilesOf, unknownUploadProblems } from './cited-uploads';

const upload = (id: string, kind: string): UploadRecord => ({
  id,
  sha256: 'a'.repeat(64),
  sizeBytes: 1024,
  contentType: 'application/pdf',
  filename: `${id}.pdf`,
  storageKey: `uploads/${id}`,
  kind,
  title: `File ${id}`,
  uploadedBy: 'ut-comune',
  istatCode: '015146',
  uploadedAt: new Date('2027-03-01T08:00:00.000Z'),
});

const cited: CitedUpload[] = [
  { field: 'uploads.deliberation', id: 'u1', kind: 'adhesion-deliberation' },
  { field: 'uploads.attachments.0', id: 'u2', kind: null },
];

describe('cited uploads', () => {
  it('names each cited upload the caller does not own, by its field, in Italian and English', () => {
    const found = new Map([['u1', upload('u1', 'other')]]);
    expect(unknownUploadProblems(cited, found)).toEqual([
      {
        name: 'uploads.attachments.0',
        rule: 'knownUpload',
        reason: {
          it: 'u2 non è un file caricato da questo Comune (usare prima POST /uploads)',
          en: 'u2 is not an upload of this municipality (POST /uploads first)',
        },
      },
    ]);
  });

  it('stores each file under the kind the filing gives it, or the kind declared at upload', () => {
    const found = new Map([
      ['u1', upload('u1', 'other')],
      ['u2', upload('u2', 'report')],
    ]);
    const files = storedFilesOf(cited, found);
    expect(unknownUploadProblems(cited, found)).toEqual([]);
    expect(files.map((f) => [f.kind, f.filename, f.storageKey])).toEqual([
      ['adhesion-deliberation', 'u1.pdf', 'uploads/u1'],
      ['report', 'u2.pdf', 'uploads/u2'],
    ]);
  });
});
