// The relay of workflow Updates caused by filed PEC messages, on real PostgreSQL. The port here
// records and scripts answers; the e2e test (test/e2e/pec-mailbox) runs it against Temporal.
import { PecMailboxRepository } from '@cmm/persistence';
import { type TestDatabase, createTestDatabase, openTestCase } from '@cmm/test-support';
import { randomUUID } from 'node:crypto';
import { PecWorkflowRelay, type WorkflowUpdateOutcome, type WorkflowUpdatePort } from './pec-workflow-relay';

describe('PecWorkflowRelay', () => {
  let db: TestDatabase;
  let repository: PecMailboxRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    repository = new PecMailboxRepository(db.dataSource);
  });
  afterAll(() => db?.drop());

  /** A filed message and its queued Update, as the filing writes them. */
  const queued = async (): Promise<{ id: string; workflowId: string }> => {
    const kase = await openTestCase(db.dataSource, { istatCode: '015146' });
    const id = randomUUID();
    await repository.transaction(async (tx) => {
      await repository.insertMessage(
        {
          id,
          messageId: `<${id}@pec.test>`,
          place: { mailbox: 'relay@test', folder: 'INBOX', uidValidity: 1, uid: Math.floor(Math.random() * 1e9) },
          kind: 'certified',
          status: 'triage',
          reason: null,
          sender: 'protocollo@pec.test',
          istatCode: null,
          subject: 'Integrazioni',
          certifiedSentAt: new Date(),
          providerMessageId: null,
          storageKey: 'sha256/x',
          sha256: 'a'.repeat(64),
          sizeBytes: 1,
          attachments: [],
          receivedAt: new Date(),
        },
        tx,
      );
      await repository.markFiled(id, kase.id, 'system:pec', tx);
      await repository.enqueueWorkflowUpdate(
        { id, caseId: kase.id, workflowId: kase.workflowId, updateName: 'submitIntegration', args: { note: 'n' } },
        tx,
      );
    });
    return { id, workflowId: kase.workflowId };
  };

  const relayWith = (answer: (workflowId: string) => Promise<WorkflowUpdateOutcome>) => {
    const calls: { workflowId: string; updateId: string; args: unknown }[] = [];
    const port: WorkflowUpdatePort = {
      async executeUpdate(workflowId, _name, updateId, args) {
        calls.push({ workflowId, updateId, args });
        return answer(workflowId);
      },
    };
    return {
      calls,
      relay: new PecWorkflowRelay(repository, port, {
        batchSize: 10,
        leaseSeconds: 60,
        maxAttempts: 2,
        backoff: { baseMs: 10, maxMs: 10 },
      }),
    };
  };

  it('executes each queued Update once, with the message id as Update id, and records a refusal with its reason', async () => {
    const accepted = await queued();
    const refused = await queued();
    const { calls, relay } = relayWith(async (workflowId) =>
      workflowId === refused.workflowId
        ? { outcome: 'refused', reason: 'lo stato «awaiting-completeness-check» non lo consente' }
        : { outcome: 'done' },
    );
    expect(await relay.relayOnce()).toBe(2);
    expect(calls.map((c) => c.updateId).sort()).toEqual([accepted.id, refused.id].sort());
    expect(calls[0].args).toEqual({ note: 'n' });
    expect(await repository.workflowUpdate(accepted.id)).toEqual({ status: 'done', outcome: 'accepted', attempts: 1 });
    expect(await repository.workflowUpdate(refused.id)).toEqual({
      status: 'refused',
      outcome: 'lo stato «awaiting-completeness-check» non lo consente',
      attempts: 1,
    });
    expect(await relay.relayOnce()).toBe(0);
  });

  it('retries a transient failure after a backoff and gives up after the most attempts, saying why', async () => {
    const flaky = await queued();
    const { relay } = relayWith(async () => {
      throw new Error('Temporal unavailable');
    });
    expect(await relay.relayOnce()).toBe(1);
    expect(await repository.workflowUpdate(flaky.id)).toMatchObject({
      status: 'pending',
      outcome: 'Error: Temporal unavailable',
      attempts: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await relay.relayOnce()).toBe(1);
    expect(await repository.workflowUpdate(flaky.id)).toEqual({
      status: 'refused',
      outcome: 'gave up after 2 attempts: Error: Temporal unavailable',
      attempts: 2,
    });
  });
});
