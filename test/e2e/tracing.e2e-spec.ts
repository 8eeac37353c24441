// Issue 20: one trace across the processes. A municipality files a compatibility evaluation
// through HTTP; the built API, worker and notifier run as production runs them (their main.ts,
// OTEL_EXPORTER_OTLP_ENDPOINT set) and export to a real Jaeger (in memory, free ports). The trace
// of the request holds the API's request span and Temporal client span, the workflow's and the
// activities' spans of the worker and the notifier's send of the receipt, every one with the
// request's cmm.request_id, linked parent to child.
import {
  type JaegerServer,
  type JaegerSpan,
  type JaegerTrace,
  type RunningProcess,
  type TestDatabase,
  createTestIssuer,
  freePort,
  startBuilt,
  startJaeger,
  tagOf,
  uniqueTaskQueue,
} from '@cmm/test-support';
import { randomBytes } from 'node:crypto';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';
import { type RunningNotifier, createDatabaseWithMunicipalities, createDocumentsDir, startNotifier } from './support/procedure-setup';

const MILANO = '015146';
const PEC_MILANO = 'protocollo@postacert.comune.milano.it';
const MINIMAL_PDF = Buffer.from('%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('traces across API → workflow → activity → notifier (Jaeger)', () => {
  let jaeger: JaegerServer;
  let db: TestDatabase;
  let worker: RunningProcess | undefined;
  let api: RunningProcess | undefined;
  let notifier: RunningNotifier | undefined;
  let baseUrl: string;
  let token: string;

  const stopProcess = async (process_: RunningProcess | undefined) => {
    if (!process_ || process_.child.exitCode !== null) return;
    process_.child.kill('SIGTERM');
    await process_.exited().catch(() => undefined);
  };

  beforeAll(async () => {
    // No skip: without Jaeger this throws and the file fails, naming the command that builds it.
    jaeger = await startJaeger();
    db = await createDatabaseWithMunicipalities({ [MILANO]: PEC_MILANO });
    const documentsDir = await createDocumentsDir();
    const taskQueue = uniqueTaskQueue('e2e-tracing');
    const { OTEL_SERVICE_NAME: _name, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: _traces, ...inherited } = process.env;
    const env = {
      ...inherited,
      OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint,
      // Exported within a fifth of a second instead of five seconds (BatchSpanProcessor's own variable).
      OTEL_BSP_SCHEDULE_DELAY: '200',
      DATABASE_URL: db.url,
      TEMPORAL_TASK_QUEUE: taskQueue,
      DOCUMENTS_DIR: documentsDir,
      LOG_LEVEL: 'info',
    };
    worker = startBuilt('apps/worker/src/main.js', env);
    notifier = await startNotifier(db, documentsDir, env);
    const issuer = await createTestIssuer();
    const port = await freePort();
    api = startBuilt('apps/api/src/main.js', { ...env, ...issuer.env, API_PORT: String(port) });
    await Promise.all([worker.waitForOutput(/"msg":"worker started"/), api.waitForOutput(/Nest application successfully started/)]);
    baseUrl = `http://127.0.0.1:${port}`;
    token = await issuer.bearer({ subject: 'ut-milano', role: 'comune', istatCode: MILANO, name: 'Ufficio tecnico' });
  });

  afterAll(async () => {
    await stopProcess(api);
    await notifier?.stop();
    await stopProcess(worker);
    await db?.drop();
    await jaeger?.stop();
  });

  const serviceOf = (trace: JaegerTrace, span: JaegerSpan) => trace.processes[span.processID]?.serviceName;

  it("puts the API's request, the workflow, its activities and the notifier's send in one trace, each span with the request id", async () => {
    const form = new FormData();
    form.set('kind', 'adopted-act');
    form.set('title', 'Delibera di adozione n. 8145');
    form.set('file', new Blob([MINIMAL_PDF], { type: 'application/pdf' }), 'adopted-act.pdf');
    const upload = await fetch(`${baseUrl}/uploads`, { method: 'POST', headers: { Authorization: token }, body: form });
    expect(upload.status).toBe(201);
    const { uploadId } = (await upload.json()) as { uploadId: string };

    const requestId = `trace-e2e-${randomBytes(6).toString('hex')}`;
    const submitted = await fetch(`${baseUrl}/compatibility-evaluations`, {
      method: 'POST',
      headers: { Authorization: token, 'Content-Type': 'application/json', 'X-Request-Id': requestId },
      body: JSON.stringify({
        actType: 'variante-pgt',
        // A number no other file of the tier files: case and workflow ids derive from the act, and the Temporal server is shared.
        deliberation: { number: '8145', date: '2026-10-30' },
        description: 'Variante al PGT per la rigenerazione dello scalo ferroviario',
        declaresSupraMunicipalRelevance: false,
        uploads: { adoptedAct: uploadId },
      }),
    });
    expect(submitted.status).toBe(201);
    expect(submitted.headers.get('x-request-id')).toBe(requestId);

    // The receipt reaches the municipality's PEC through the outbox, the queue and SMTP.
    await waitUntil(() => notifier!.peer.received.length > 0 || undefined, 60_000, 'the receipt sent by the notifier');

    // Spans arrive from three processes at their own pace: wait for the notifier's send in the request's trace.
    const trace = await waitUntil(
      async () => {
        const found = await jaeger.findTraces('cmm-notifier', { 'cmm.request_id': requestId });
        if (found.length === 0) return undefined;
        const full = await jaeger.trace(found[0].traceID);
        const has = (pattern: RegExp) => full?.spans.some((span) => pattern.test(span.operationName));
        const complete = [
          /^POST /,
          /^(UpdateWithStartWorkflow|StartWorkflow):/,
          /^(RunWorkflow|HandleUpdate):/,
          /^StartActivity:/,
          /^RunActivity:/,
        ];
        return full && complete.every(has) ? full : undefined;
      },
      60_000,
      `a trace with spans of cmm-api, cmm-worker and cmm-notifier for ${requestId}; jaeger output:\n${jaeger.output()}`,
    );

    // One trace: every service's search by the request id finds this trace and no other.
    for (const service of ['cmm-api', 'cmm-worker', 'cmm-notifier']) {
      const traces = await jaeger.findTraces(service, { 'cmm.request_id': requestId });
      expect({ service, traces: traces.map((t) => t.traceID) }).toEqual({ service, traces: [trace.traceID] });
    }

    const spans = trace.spans.map((span) => ({
      service: serviceOf(trace, span),
      operation: span.operationName,
      requestId: tagOf(span, 'cmm.request_id'),
    }));
    const operationsOf = (service: string) => spans.filter((span) => span.service === service).map((span) => span.operation);
    expect(operationsOf('cmm-api')).toEqual(
      expect.arrayContaining(['POST /compatibility-evaluations', expect.stringMatching(/^(UpdateWithStartWorkflow|StartWorkflow):/)]),
    );
    // Workflow spans (from the bundle, through the sink) and activity spans.
    expect(operationsOf('cmm-worker')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^(RunWorkflow|HandleUpdate):/),
        expect.stringMatching(/^StartActivity:/),
        expect.stringMatching(/^RunActivity:/),
      ]),
    );
    expect(operationsOf('cmm-notifier')).toEqual(['notification send pec']);
    expect(spans.filter((span) => span.requestId !== requestId)).toEqual([]);

    // Parent to child: the send hangs below the activity that wrote the notice, the activity
    // below the workflow's StartActivity, and the workflow below the API's client span.
    const byId = new Map(trace.spans.map((span) => [span.spanID, span]));
    const parentOf = (span: JaegerSpan) => byId.get(span.references.find((ref) => ref.refType === 'CHILD_OF')?.spanID ?? '');
    const send = trace.spans.find((span) => span.operationName === 'notification send pec')!;
    expect(tagOf(send, 'cmm.notification.channel')).toBe('pec');
    expect(tagOf(send, 'cmm.notification.provider')).toEqual(expect.stringMatching(/^127\.0\.0\.1:\d+$/));
    expect(tagOf(send, 'cmm.notification.id')).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    const writer = parentOf(send);
    expect(writer?.operationName).toMatch(/^RunActivity:/);
    expect(parentOf(writer!)?.operationName).toMatch(/^StartActivity:/);
    const request = trace.spans.find((span) => span.operationName === 'POST /compatibility-evaluations')!;
    const clientSpan = trace.spans.find((span) => /^(UpdateWithStartWorkflow|StartWorkflow):/.test(span.operationName))!;
    expect(parentOf(clientSpan)?.spanID).toBe(request.spanID);
    const workflowSpans = trace.spans.filter((span) => /^(RunWorkflow|HandleUpdate):/.test(span.operationName));
    expect(workflowSpans.map((span) => parentOf(span)?.spanID)).toContain(clientSpan.spanID);
  });
});
