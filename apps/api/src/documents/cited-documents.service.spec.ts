import { SIGNED_ACTS, citedDocuments } from './cited-documents.service';

describe('citedDocuments', () => {
  it('finds every cited document at any depth, named as the client sent it', () => {
    expect(
      citedDocuments({
        sessionId: 's1',
        documentId: 'a',
        documentIds: ['b', 'c'],
        act: { type: 'decree', number: '9', date: '2023-09-15', documentId: 'd' },
        actor: { subject: 'x' },
      }),
    ).toEqual([
      { field: 'documentId', id: 'a' },
      { field: 'documentIds.0', id: 'b' },
      { field: 'documentIds.1', id: 'c' },
      { field: 'act.documentId', id: 'd' },
    ]);
  });

  it('ignores absent documents and actions that cite none', () => {
    expect(citedDocuments({ act: { documentId: null }, documentIds: [], reason: 'r' })).toEqual([]);
    expect(citedDocuments(null)).toEqual([]);
  });

  it('names the signed acts by their Update and field', () => {
    expect(SIGNED_ACTS).toMatchObject({ issueOpinion: ['documentId'], signAgreement: ['documentId'] });
  });
});
