// A document that belongs to another case: what a client may cite by mistake (or on purpose)
// where an action expects a document of the case it acts on.
import { openTestCase } from '@cmm/test-support';
import type { DataSource } from 'typeorm';
import type request from 'supertest';

type Http = () => ReturnType<typeof request>;

/** Opens a case of another municipality and uploads a document to it as CMM staff; returns its id. */
export async function documentOfAnotherCase(dataSource: DataSource, http: Http, staffToken: string): Promise<string> {
  const other = await openTestCase(dataSource, { istatCode: '015002', title: 'Pratica di un altro Comune' });
  const response = await http()
    .post(`/cases/${other.id}/documents`)
    .set('Authorization', staffToken)
    .field('kind', 'attachment')
    .field('title', 'Documento di un’altra pratica')
    .attach('file', Buffer.from('%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'), {
      filename: 'altra-pratica.pdf',
      contentType: 'application/pdf',
    })
    .expect(201);
  return response.body.documentId as string;
}

/** The case's procedure steps on its timeline (document uploads aside): unchanged by a refused action. */
export async function procedureEvents(http: Http, caseId: string, staffToken: string): Promise<string[]> {
  const { body } = await http().get(`/cases/${caseId}/timeline`).set('Authorization', staffToken).expect(200);
  return (body.items as { type: string }[]).map((e) => e.type).filter((type) => type !== 'document-uploaded');
}
