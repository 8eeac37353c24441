// recordCaseEvent, the step every procedure's workflow takes on the read model, run against
// the real repositories on PostgreSQL: what one call writes, that a retry writes nothing more,
// and that a failure part-way leaves nothing behind.
import type { CaseEventInput } from '@cmm/contracts';
import type { Actor } from '@cmm/domain';
import { NotificationOutbox } from '@cmm/notifications';
import {
  type CaseEntity,
  CaseRepository,
  MunicipalityRepository,
  RegistryRepository,
  TimelineRepository,
  readMunicipalities,
} from '@cmm/persistence';
import { type TestDatabase, createTestDatabase, openTestCase } from '@cmm/test-support';
import { createCaseEventActivities } from './case-events.activities';

const officer: Actor = { subject: 'officer-1', name: 'Funzionaria CMM', email: 'funzionaria@cmm.test', role: 'officer', istatCode: null };
const MILANO_PEC = 'protocollo@postacert.comune.milano.test';

describe('case event activities on PostgreSQL', () => {
  let db: TestDatabase;
  let activities: ReturnType<typeof createCaseEventActivities>;
  let registry: RegistryRepository;
  let timeline: TimelineRepository;
  let evaluation: CaseEntity;

  beforeAll(async () => {
    db = await createTestDatabase();
    const { dataSource } = db;
    const municipalities = new MunicipalityRepository(dataSource);
    await municipalities.upsertNames(await readMunicipalities());
    await municipalities.setContacts('015146', { pec: MILANO_PEC, mayorOfficeEmail: null });
    registry = new RegistryRepository(dataSource);
    timeline = new TimelineRepository(dataSource);
    activities = createCaseEventActivities({
      dataSource,
      cases: new CaseRepository(dataSource),
      municipalities,
      timeline,
      registry,
      outbox: new NotificationOutbox(dataSource),
      officersMailbox: 'pianificazione@cmm.test',
      publicUrl: 'https://procedure.cmm.test',
    });
    evaluation = await openTestCase(dataSource, { istatCode: '015146' });
  });

  afterAll(() => db?.drop());

  const opinion = (caseRow: CaseEntity, key: string, overrides: Partial<CaseEventInput> = {}): CaseEventInput => ({
    caseId: caseRow.id,
    workflowId: caseRow.workflowId,
    actor: officer,
    type: 'opinion-issued',
    payload: { outcome: 'favourable' },
    state: 'opinion-issued',
    phase: null,
    registerOutbound: { correspondent: 'municipality', subject: 'Parere di compatibilità al PTM' },
    notifications: [
      { key: `${key}/municipality`, templateId: 'opinion-issued', to: 'municipality', channel: 'pec', data: {} },
      { key: `${key}/officers`, templateId: 'opinion-issued', to: 'officers', channel: 'email', data: {} },
    ],
    idempotencyKey: `${caseRow.id}/${key}`,
    ...overrides,
  });

  const count = async (sql: string, params: unknown[]): Promise<number> => Number((await db.dataSource.query(sql, params))[0].count);
  const stateOf = async (caseId: string): Promise<string> =>
    (await db.dataSource.query('SELECT state FROM cases WHERE id = $1', [caseId]))[0].state;
  const sequenceOf = (protocolNumber: string) => Number(protocolNumber.split('/')[1]);

  it('writes the registry entry, the timeline event, the new state and the notices together, and a retry writes nothing more', async () => {
    const input = opinion(evaluation, 'opinion');
    const first = await activities.recordCaseEvent(input);
    const again = await activities.recordCaseEvent(input);

    expect(first.protocolNumber).toMatch(/^\d{4}\/\d{7}$/);
    expect(again).toEqual(first);
    const outbound = await registry.forCase(evaluation.id, 'out');
    expect(outbound).toHaveLength(1);
    expect(outbound[0]).toMatchObject({
      protocolNumber: first.protocolNumber,
      correspondent: 'Comune di Milano',
      subject: 'Parere di compatibilità al PTM',
      registeredBy: officer.subject,
    });
    const events = await timeline.list(evaluation.id);
    expect(events.map((e) => [e.seq, e.type])).toEqual([[first.seq, 'opinion-issued']]);
    expect(events[0].payload).toEqual({ outcome: 'favourable', protocolNumber: first.protocolNumber });
    expect(await stateOf(evaluation.id)).toBe('opinion-issued');

    const notices: {
      idempotency_key: string;
      channel: string;
      data: Record<string, unknown>;
      recipient_address: string;
      recipient_name: string;
    }[] = await db.dataSource.query(
      `SELECT n.idempotency_key, n.channel, n.data, d.recipient_address, d.recipient_name
         FROM notifications n JOIN notification_deliveries d ON d.notification_id = n.id WHERE n.case_id = $1 ORDER BY n.idempotency_key`,
      [evaluation.id],
    );
    expect(notices.map((n) => [n.idempotency_key, n.channel, n.recipient_address])).toEqual([
      [`${evaluation.id}/opinion/municipality`, 'pec', MILANO_PEC],
      [`${evaluation.id}/opinion/officers`, 'email', 'pianificazione@cmm.test'],
    ]);
    expect(notices[0].recipient_name).toBe('Comune di Milano');
    // The notice of an act registered outbound carries that act's number and the case's words.
    expect(notices[0].data).toMatchObject({
      protocolNumber: first.protocolNumber,
      caseReference: evaluation.reference,
      caseTitle: evaluation.title,
      municipality: 'Milano',
    });
    expect(await count('SELECT count(*) FROM activity_receipts WHERE idempotency_key = $1', [input.idempotencyKey])).toBe(1);
  });

  it('leaves nothing behind when a part fails, not even a protocol number', async () => {
    const caseRow = await openTestCase(db.dataSource, { istatCode: '015146' });
    const before = (await registry.forCase(evaluation.id, 'out'))[0].protocolNumber;
    const broken = opinion(caseRow, 'broken', {
      // The outbox refuses the notice last, after the entry, the event and the state were written.
      notifications: [
        { key: 'broken', templateId: 'opinion-issued', to: { addresses: [{ address: 'not an address' }] }, channel: 'email', data: {} },
      ],
    });

    await expect(activities.recordCaseEvent(broken)).rejects.toThrow(/recipients\[0\]\.address: one e-mail address/);

    expect(await registry.forCase(caseRow.id)).toEqual([]);
    expect(await timeline.list(caseRow.id)).toEqual([]);
    expect(await stateOf(caseRow.id)).toBe('open');
    expect(await count('SELECT count(*) FROM notifications WHERE case_id = $1', [caseRow.id])).toBe(0);
    expect(await count('SELECT count(*) FROM activity_receipts WHERE idempotency_key = $1', [broken.idempotencyKey])).toBe(0);
    // The same key, corrected, is recorded (no receipt was left), on the very next number.
    const fixed = await activities.recordCaseEvent({ ...broken, notifications: [] });
    expect(sequenceOf(fixed.protocolNumber as string)).toBe(sequenceOf(before) + 1);
  });

  it('refuses an event of a case that does not exist and records nothing for its key', async () => {
    const missing = opinion({ ...evaluation, id: '00000000-0000-4000-8000-000000000000' }, 'ghost');
    await expect(activities.recordCaseEvent(missing)).rejects.toThrow(/case 00000000-0000-4000-8000-000000000000 does not exist/);
    expect(await count('SELECT count(*) FROM activity_receipts WHERE idempotency_key = $1', [missing.idempotencyKey])).toBe(0);
  });

  it('records a step without protocol, state or notices as a timeline event alone', async () => {
    const caseRow = await openTestCase(db.dataSource, { istatCode: '015146' });
    const result = await activities.recordCaseEvent({
      caseId: caseRow.id,
      workflowId: caseRow.workflowId,
      actor: officer,
      type: 'note-added',
      payload: { note: 'verificata la completezza' },
      idempotencyKey: `${caseRow.id}/note`,
    });
    expect(result.protocolNumber).toBeNull();
    expect((await timeline.list(caseRow.id)).map((e) => e.type)).toEqual(['note-added']);
    expect(await registry.forCase(caseRow.id)).toEqual([]);
    expect(await stateOf(caseRow.id)).toBe('open');
  });

  it('names the municipality a delegate stands for, and invites every municipality with a PEC by it', async () => {
    const caseRow = await openTestCase(db.dataSource, { istatCode: null, type: 'concertation-conference' });
    await activities.recordCaseEvent({
      caseId: caseRow.id,
      workflowId: caseRow.workflowId,
      actor: officer,
      type: 'session-convened',
      payload: {},
      notifications: [
        {
          key: 'delegate',
          templateId: 'conference-convocation',
          to: { addresses: [{ address: 'delegato@rho.test', name: 'Delegato' }] },
          channel: 'email',
          data: { forIstatCode: '015182' },
        },
        { key: 'everyone', templateId: 'conferenza-istruttoria-invitation', to: 'all-municipalities', channel: 'pec', data: {} },
      ],
      idempotencyKey: `${caseRow.id}/convened`,
    });
    const rows: {
      idempotency_key: string;
      data: Record<string, unknown>;
      recipient_address: string;
      recipient_name: string;
      recipient_istat_code: string | null;
    }[] = await db.dataSource.query(
      `SELECT n.idempotency_key, n.data, d.recipient_address, d.recipient_name, d.recipient_istat_code
           FROM notifications n JOIN notification_deliveries d ON d.notification_id = n.id WHERE n.case_id = $1 ORDER BY n.idempotency_key, d.position`,
      [caseRow.id],
    );
    expect(rows.map((r) => [r.idempotency_key, r.recipient_address, r.recipient_name, r.recipient_istat_code])).toEqual([
      [`${caseRow.id}/delegate`, 'delegato@rho.test', 'Delegato', null],
      [`${caseRow.id}/everyone`, MILANO_PEC, 'Comune di Milano', '015146'],
    ]);
    expect(rows[0].data.delegateFor).toBe('Comune di Rho');
  });
});
