// The worker dies in the middle of a case (SIGKILL: no drain) and comes back: the actions
// sent meanwhile wait for it, the case completes, and nothing is recorded twice.
import { createApp } from '../../apps/api/src/create-app';
import { MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import {
  type RunningProcess,
  type TestDatabase,
  createTestDatabase,
  createTestIssuer,
  signedTestPdf,
  startBuilt,
  uniqueTaskQueue,
} from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('compatibility evaluation survives a worker crash', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let worker: RunningProcess | undefined;
  let workerEnv: NodeJS.ProcessEnv;

  const startWorker = async () => {
    worker = startBuilt('apps/worker/src/main.js', workerEnv);
    await worker.waitForOutput(/"msg":"worker started"/);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    const issuer = await createTestIssuer();
    const taskQueue = uniqueTaskQueue('fault-compatibility');
    workerEnv = { ...process.env, DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'info' };
    await startWorker();
    const documentsDir = await mkdtemp(join(tmpdir(), 'cmm-documents-'));
    app = await createApp({
      logs: false,
      env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, DOCUMENTS_DIR: documentsDir },
    });
    await app.init();
    tokens.comune = await issuer.bearer({ subject: 'ut-milano', role: 'comune', istatCode: '015146', email: 'ut@comune.milano.test' });
    tokens.officer = await issuer.bearer({ subject: 'funzionario', role: 'officer' });
    tokens.manager = await issuer.bearer({ subject: 'dirigente', role: 'manager' });
  });

  const tokens: Record<string, string> = {};

  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await app?.close();
    await db?.drop();
  });

  it('completes the case after the worker is killed and restarted mid-run', async () => {
    const http = () => request(app.getHttpServer());
    const uploaded = await http()
      .post('/uploads')
      .set('Authorization', tokens.comune)
      .field('kind', 'adopted-act')
      .field('title', 'Delibera')
      .attach('file', PDF, 'delibera.pdf')
      .expect(201);
    const submitted = await http()
      .post('/compatibility-evaluations')
      .set('Authorization', tokens.comune)
      .send({
        actType: 'suap',
        deliberation: { number: '7', date: '2026-11-02' },
        description: 'SUAP in variante',
        declaresSupraMunicipalRelevance: false,
        uploads: { adoptedAct: uploaded.body.uploadId },
      })
      .expect(201);
    const { caseId } = submitted.body;

    worker!.child.kill('SIGKILL');
    await worker!.exited();
    // The action is accepted by Temporal and waits for a worker; one comes back while it waits.
    const pending = http()
      .post(`/compatibility-evaluations/${caseId}/completeness`)
      .set('Authorization', tokens.officer)
      .then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await startWorker();
    const checked = await pending;
    expect(checked.status).toBe(200);
    expect(checked.body.state).toBe('under-evaluation');

    // The opinion is a signed act of this case: a PAdES-signed PDF uploaded by the manager.
    const signed = await http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', tokens.manager)
      .field('kind', 'signed-opinion')
      .field('title', 'Parere di compatibilità')
      .attach('file', await signedTestPdf('parere'), { filename: 'parere.pdf', contentType: 'application/pdf' })
      .expect(201);
    const opinion = await http()
      .post(`/compatibility-evaluations/${caseId}/opinion`)
      .set('Authorization', tokens.manager)
      .send({ outcome: 'favourable', documentId: signed.body.documentId })
      .expect(200);
    expect(opinion.body.state).toBe('opinion-issued');

    const events: { type: string }[] = await db.dataSource.query('SELECT type FROM timeline_events WHERE case_id = $1 ORDER BY seq', [
      caseId,
    ]);
    expect(events.map((e) => e.type).filter((type) => type !== 'document-uploaded')).toEqual([
      'submission-received',
      'registered',
      'confirm-completeness',
      'issue-opinion',
    ]);
    const registrations = await db.dataSource.query('SELECT direction FROM registry_entries WHERE case_id = $1 ORDER BY number', [caseId]);
    expect(registrations).toEqual([{ direction: 'in' }, { direction: 'out' }]);
    const verification = await http().get(`/cases/${caseId}/timeline/verification`).set('Authorization', tokens.officer).expect(200);
    expect(verification.body.valid).toBe(true);
  });
});
