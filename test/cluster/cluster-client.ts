// What the tests of the cluster topology share: its settings (exported by scripts/lib/topology.sh
// under `npm run test:cluster`), a municipality's token the APIs accept, a connection to the
// cluster's Temporal, and a municipality filing a compatibility evaluation through the balancer.
import { issueDevToken } from '@cmm/auth';
import { Client, Connection } from '@temporalio/client';
import { join } from 'node:path';

export const clusterSetting = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests with \`npm run test:cluster\`, which starts the topology`);
  return value;
};

export const MILANO = '015146';

/** A bearer token of Milano's technical office, signed with the topology's development issuer. */
export async function milanoToken(subject: string): Promise<string> {
  const token = await issueDevToken(join(clusterSetting('CLUSTER_ISSUER_DIR'), 'private.jwk.json'), {
    subject,
    role: 'comune',
    istatCode: MILANO,
    name: 'Ufficio tecnico',
    email: 'ut@comune.milano.test',
    issuer: clusterSetting('CLUSTER_AUTH_ISSUER'),
  });
  return `Bearer ${token}`;
}

export async function clusterTemporal(): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address: clusterSetting('TEMPORAL_ADDRESS') });
  return { client: new Client({ connection }), close: () => connection.close() };
}

/** Deliberation numbers no earlier run used: the same act filed again is the same case, and a cluster may outlive a run. */
export const freshDeliberationNumbers = (): number => (Date.now() % 1_000_000) * 1_000;

export interface Filed {
  status: number;
  caseId: string;
  reference: string;
  protocolNumber: string;
}

/** A server error the client may repeat the filing after (the answer did not reach it). */
export class FilingServerError extends Error {}

const minimalPdf = (text: string) => Buffer.from(`%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);

/**
 * Uploads the adopted act and files the evaluation through the balancer, as the web app does.
 * A 5xx throws FilingServerError; any other unexpected status throws a plain Error.
 */
export async function fileEvaluation(url: string, token: string, number: string): Promise<Filed> {
  const form = new FormData();
  form.set('kind', 'adopted-act');
  form.set('title', `Delibera di adozione n. ${number}`);
  form.set('file', new Blob([minimalPdf(number)], { type: 'application/pdf' }), 'atto.pdf');
  const uploaded = await fetch(`${url}/uploads`, { method: 'POST', headers: { Authorization: token }, body: form });
  if (uploaded.status >= 500) throw new FilingServerError(`upload answered ${uploaded.status}`);
  if (uploaded.status !== 201) throw new Error(`upload answered ${uploaded.status}: ${await uploaded.text()}`);
  const { uploadId } = (await uploaded.json()) as { uploadId: string };
  const response = await fetch(`${url}/compatibility-evaluations`, {
    method: 'POST',
    headers: { Authorization: token, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      actType: 'variante-pgt',
      deliberation: { number, date: '2026-10-30' },
      description: `Variante al PGT n. ${number}`,
      declaresSupraMunicipalRelevance: false,
      uploads: { adoptedAct: uploadId },
    }),
  });
  if (response.status >= 500) throw new FilingServerError(`submission answered ${response.status}`);
  if (response.status !== 201 && response.status !== 200)
    throw new Error(`submission answered ${response.status}: ${await response.text()}`);
  return { status: response.status, ...((await response.json()) as Omit<Filed, 'status'>) };
}

/** Receipt notices at the topology's mail catcher for these case references. */
export async function receiptsAtMailServer(references: string[]): Promise<{ subject: string; messageId?: string }[]> {
  const mailbox = `http://127.0.0.1:${clusterSetting('CLUSTER_MAIL_WEB_PORT')}/email`;
  const messages = (await (await fetch(mailbox)).json()) as { subject: string; messageId?: string; headers?: Record<string, string> }[];
  return messages
    .filter((m) => m.subject.startsWith('Ricevuta la documentazione') && references.some((reference) => m.subject.includes(reference)))
    .map((m) => ({ subject: m.subject, messageId: m.messageId ?? m.headers?.['message-id'] }));
}
