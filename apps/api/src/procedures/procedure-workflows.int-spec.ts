// runAction on the real Temporal dev server: an action whose answer is lost on the way back
// (a cut connection, a deadline under load, the workflow closing in the very task that
// completed the Update) must be answered with what the workflow recorded, never as refused.
import { REFUSAL_FAILURE_TYPE } from '@cmm/domain';
import { quietTemporalRuntime, temporalAddress, uniqueTaskQueue } from '@cmm/test-support';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ProblemException } from '../problem-details/problem.exception';
import { type CloseOutcome, closeUpdate } from '../../../../test/support/workflows/closing-update.workflow';
import { idempotencyKeys } from './idempotency-key';
import { runAction } from './procedure-workflows';
import type { Request, Response } from 'express';

const SCOPE = 'close/funzionaria-1';

/** Runs `fn` as a request carrying this Idempotency-Key would run it. */
const withIdempotencyKey = <T>(key: string, fn: () => Promise<T>): Promise<T> =>
  new Promise<T>((resolve, reject) =>
    idempotencyKeys({ headers: { 'idempotency-key': key } } as unknown as Request, {} as Response, (error?: unknown) =>
      error ? reject(error) : fn().then(resolve, reject),
    ),
  );

describe('runAction on the Temporal dev server', () => {
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueTaskQueue('run-action');

  beforeAll(async () => {
    quietTemporalRuntime();
    connection = await Connection.connect({ address: temporalAddress() });
    client = new Client({ connection });
    nativeConnection = await NativeConnection.connect({ address: temporalAddress() });
    worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowsPath: join(__dirname, '../../../../test/support/workflows/closing-update.workflow.ts'),
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await nativeConnection?.close();
    await connection?.close();
  });

  const start = () =>
    client.workflow.start('closingUpdateWorkflow', { taskQueue, workflowId: `run-action-${randomUUID()}`, args: [REFUSAL_FAILURE_TYPE] });

  /** The workflow's own status: what the read model's closed state stands for here. */
  const closedState = (handle: WorkflowHandle) => async () => {
    const { status } = await handle.describe();
    return status.name === 'RUNNING' ? null : 'closed';
  };

  /** Sends the Update for real, then loses its answer as a broken connection would. */
  const answerLost = (handle: WorkflowHandle, to: string) => async (updateId: string) => {
    await handle.executeUpdate(closeUpdate, { args: [to], updateId }).catch(() => undefined);
    throw new Error('14 UNAVAILABLE: connection reset by peer');
  };

  it('answers an action that closed the workflow with its result, though its answer was lost', async () => {
    const handle = await start();
    const outcome = await runAction<CloseOutcome>(handle, answerLost(handle, 'decided'), closedState(handle), SCOPE);
    expect(outcome).toEqual({ state: 'decided' });
    expect(await handle.result()).toBe('decided');
  });

  it('answers a refusal recorded by the handler as the refusal, though its answer was lost', async () => {
    const handle = await start();
    const refused = await runAction<CloseOutcome>(handle, answerLost(handle, 'refused'), closedState(handle), SCOPE).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ProblemException);
    expect([(refused as ProblemException).getStatus(), (refused as ProblemException).detailFor('it')]).toEqual([409, 'già deciso']);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.terminate('test over');
  });

  it('answers an action on a workflow that had already closed as 409 with its state', async () => {
    const handle = await start();
    await handle.executeUpdate(closeUpdate, { args: ['decided'] });
    await handle.result();
    const late = await runAction<CloseOutcome>(
      handle,
      (updateId) => handle.executeUpdate(closeUpdate, { args: ['again'], updateId }),
      closedState(handle),
      SCOPE,
    ).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(ProblemException);
    expect([(late as ProblemException).getStatus(), (late as ProblemException).extensions]).toEqual([409, { state: 'closed' }]);
  });

  it('passes on a failure before the Update reached a running workflow, as it was', async () => {
    const handle = await start();
    const cut = new Error('14 UNAVAILABLE: no connection');
    const failed = await runAction<CloseOutcome>(
      handle,
      async () => {
        throw cut;
      },
      closedState(handle),
      SCOPE,
    ).catch((e: unknown) => e);
    expect(failed).toBe(cut);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.terminate('test over');
  });

  it('answers a request repeated with its Idempotency-Key with the first outcome, and applies it once', async () => {
    const handle = await start();
    const key = `ripetuta-${randomUUID()}`;
    const act = (to: string, scope = SCOPE) =>
      withIdempotencyKey(key, () =>
        runAction<CloseOutcome>(
          handle,
          (updateId) => handle.executeUpdate(closeUpdate, { args: [to], updateId }),
          closedState(handle),
          scope,
        ),
      );
    expect(await act('decided')).toEqual({ state: 'decided' });
    // The client never saw that answer and sends the request again: same Update, same outcome.
    expect(await act('decided')).toEqual({ state: 'decided' });
    expect(await handle.result()).toBe('decided');
    // The same key on another action (another scope) is another request: the case is closed now.
    const other = await act('withdrawn', 'withdraw/funzionaria-1').catch((e: unknown) => e);
    expect(other).toBeInstanceOf(ProblemException);
    expect((other as ProblemException).getStatus()).toBe(409);
  });
});
