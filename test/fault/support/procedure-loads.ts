// The fault suite's mixed load: the six procedures' journeys, each a creation (or a filing to
// something prepared once) and one or two actions, run concurrently through the HTTP API as
// the web application and the municipalities' systems do. Every journey says what its accepted
// requests must have left on the case, so the suite can check, after the faults, that nothing
// was lost and nothing was applied twice.
//
// Two procedures cannot open a case every round, and their rounds add to one case of the run:
// - STTM approval: a case per STTM number, and the numbers stop at 99 (StartSttmDto): a run
//   starts one STTM in prepareMixedLoad and each round records participation steps on it;
// - annual call: a call per year, notified to every municipality with a PEC: a run opens one
//   call and each round files a proposal to it and corrects it.
// Their expectations share a caseId across rounds: totalsByCase adds them up before checking.
import type { Answer, LoadClient, TokenClaims } from './load-client';

export const PROCEDURES = [
  'sttm-approval',
  'compatibility-evaluation',
  'concertation-conference',
  'territorial-agreement',
  'adhesion',
  'annual-call',
] as const;
export type ProcedureName = (typeof PROCEDURES)[number];

export interface CaseExpectation {
  procedure: ProcedureName;
  caseId: string;
  reference: string; // e.g. VC-2026-000123 as the API gives it
  /** timeline event type -> exact number of events of that type the accepted requests of this round must have left on the case */
  events: Record<string, number>;
  /** the case's `state` (as GET of the case / procedure view answers) after the journey */
  state: string;
}

/** What prepareMixedLoad created once for the run's rounds. */
export interface MixedLoadSetup {
  runId: number;
  /** The run's STTM approval, in `participation`: each round records its participation steps on it. */
  sttm: { caseId: string; reference: string; sttmNumber: number };
  /** The run's annual call, open: each round files a proposal to it. */
  annualCall: { caseId: string; reference: string; year: number };
  /** Municipalities whose adhesion the run registered: only adhering municipalities propose to the call. */
  proposers: string[];
}

/** The municipalities the journeys act for (and convene): each needs a PEC on file to be convened. */
export const LOAD_MUNICIPALITIES = [
  '015146', // Milano
  '015182', // Rho
  '015170', // Pero
  '015189', // Rozzano
  '015011', // Assago
  '015159', // Opera
  '015002', // Abbiategrasso
  '015077', // Cinisello Balsamo
  '015209', // Sesto San Giovanni
  '015134', // Legnano
  '015130', // Lainate
  '015081', // Cologno Monzese
] as const;

/** Adhering municipalities propose to the call: each run registers these two's adhesion first. */
const PROPOSERS = ['015146', '015134'] as const;

/** The date the load's deliberations were adopted: in the past (submissions refuse future acts), fixed so a repeated request is the same act. */
const DELIBERATION_DATE = '2026-10-01';
/** STTM 1-3 are the real ones and the e2e tier uses low numbers on the shared Temporal server: the load's start at 10. */
const FIRST_LOAD_STTM = 10;
const LAST_STTM = 99;
/** Annual calls of years no Schedule will ever open (it opens the current one). */
const FIRST_LOAD_YEAR = 2100;
const LAST_YEAR = 2999;
const DAY_MS = 86_400_000;

const pick = <T>(list: readonly T[], n: number): T => list[((n % list.length) + list.length) % list.length];

/** The answer, if its status is one of `expected`; otherwise the request was refused, which under the load is a bug. */
function expectStatus<T>(answer: Answer<T>, expected: number[], what: string): T {
  if (!expected.includes(answer.status)) throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/**
 * A creation keyed by its business key (same act, same case): a repeat whose first answer was lost
 * meets the case the first attempt opened, and says so with 200 instead of 201.
 */
const CREATED = [201, 200];

interface Actors {
  officer: string;
  comune(istatCode: string): Promise<string>;
  mayorOffice(istatCode: string): Promise<string>;
}

function actorsOf(client: LoadClient, officer: string): Actors {
  const municipal = (role: TokenClaims['role'], prefix: string) => (istatCode: string) =>
    client.bearer({
      subject: `${prefix}-${istatCode}`,
      role,
      istatCode,
      name: `${prefix} ${istatCode}`,
      email: `${prefix}@${istatCode}.load.test`,
    });
  return { officer, comune: municipal('comune', 'ut-carico'), mayorOffice: municipal('mayor_office', 'sindaco-carico') };
}

const officerToken = (client: LoadClient) =>
  client.bearer({ subject: 'funzionaria-carico', role: 'officer', name: 'Funzionaria del carico', email: 'funzionaria-carico@cmm.test' });

function checkRunId(runId: number): void {
  if (!Number.isSafeInteger(runId) || runId < 0) throw new Error(`runId must be a non-negative integer, not ${runId}`);
}

/** A deliberation number as DeliberationDto takes it (at most 20 of [0-9A-Za-z/.-]): a longer one would be refused, not truncated. */
function deliberationNumber(text: string): string {
  if (!/^[0-9A-Za-z/.-]{1,20}$/.test(text)) throw new Error(`${text} cannot be a deliberation number: use a smaller runId or round`);
  return text;
}

/**
 * Starts the run's STTM, opens its annual call and registers its proposers' adhesion. The STTM
 * number and the year are the first free ones from a place the runId picks: a number or a year an
 * earlier run (or anyone) took answers 200 and the next one is tried. A start repeated after a lost
 * answer also answers 200: that STTM or call stays unused, and the next one is the run's.
 */
export async function prepareMixedLoad(client: LoadClient, runId: number): Promise<MixedLoadSetup> {
  checkRunId(runId);
  const actors = actorsOf(client, await officerToken(client));
  const proposers: string[] = [];
  const setup: Partial<MixedLoadSetup> = { runId, proposers };
  await settleAll(`preparing run ${runId}`, [
    ['sttm-approval', async () => void (setup.sttm = await startFreeSttm(client, actors, runId))],
    ['annual-call', async () => void (setup.annualCall = await openFreeCall(client, actors, runId))],
    ...PROPOSERS.map(
      (istatCode, i) =>
        [
          `adhesion of ${istatCode}`,
          async () => void (proposers[i] = await registerAdhesion(client, actors, istatCode, deliberationNumber(`ADP${runId}-${i}`))),
        ] as const,
    ),
  ]);
  return setup as MixedLoadSetup;
}

async function startFreeSttm(client: LoadClient, actors: Actors, runId: number): Promise<MixedLoadSetup['sttm']> {
  const span = LAST_STTM - FIRST_LOAD_STTM + 1;
  for (let i = 0; i < span; i++) {
    const sttmNumber = FIRST_LOAD_STTM + ((runId + i) % span);
    const started = await client.send<{ caseId: string; reference: string; created: boolean }>('POST', '/sttm-approvals', actors.officer, {
      sttmNumber,
      title: `STTM del carico misto ${runId}`,
      // Halved terms are for STTM 1-3 only (NdA art. 7bis c.7).
      halvedTerms: false,
      avvio: { type: 'decree', number: `CARICO-${runId}`, date: DELIBERATION_DATE },
    });
    const body = expectStatus(started, CREATED, `POST /sttm-approvals (STTM ${sttmNumber})`);
    if (started.status === 201) return { caseId: body.caseId, reference: body.reference, sttmNumber };
  }
  throw new Error(`no free STTM number between ${FIRST_LOAD_STTM} and ${LAST_STTM}`);
}

async function openFreeCall(client: LoadClient, actors: Actors, runId: number): Promise<MixedLoadSetup['annualCall']> {
  const span = LAST_YEAR - FIRST_LOAD_YEAR + 1;
  for (let i = 0; i < span; i++) {
    const year = FIRST_LOAD_YEAR + ((runId + i) % span);
    const opened = await client.send<{ caseId: string; reference: string }>('POST', '/annual-calls', actors.officer, { year });
    const body = expectStatus(opened, CREATED, `POST /annual-calls (${year})`);
    if (opened.status === 201) return { caseId: body.caseId, reference: body.reference, year };
  }
  throw new Error(`no free annual-call year between ${FIRST_LOAD_YEAR} and ${LAST_YEAR}`);
}

/** Files the adhesion and registers it, unless an earlier run with this runId already did. */
async function registerAdhesion(client: LoadClient, actors: Actors, istatCode: string, number: string): Promise<string> {
  const comune = await actors.comune(istatCode);
  const deliberation = await client.upload(comune, 'adhesion-deliberation', `Delibera di adesione n. ${number}`);
  const filed = await client.send<{ caseId: string }>('POST', '/adhesions', comune, {
    deliberation: { number, date: DELIBERATION_DATE },
    sttm: [1, 2, 3],
    adhesionCase: 'd',
    uploads: { deliberation },
  });
  const { caseId } = expectStatus(filed, CREATED, `POST /adhesions (${istatCode})`);
  const view = expectStatus(
    await client.send<{ state: string }>('GET', `/adhesions/${caseId}`, actors.officer),
    [200],
    'GET /adhesions/:id',
  );
  if (view.state !== 'registered')
    expectStatus(await client.send('POST', `/adhesions/${caseId}/registration`, actors.officer), [200], 'POST /adhesions/:id/registration');
  return istatCode;
}

/**
 * One round: the six journeys at once. Every request is answered before it settles, a refused
 * one included: the round's error then lists every journey that failed.
 */
export async function runMixedRound(
  clients: LoadClient | ((procedure: ProcedureName) => LoadClient),
  round: number,
  setup: MixedLoadSetup,
): Promise<CaseExpectation[]> {
  if (!Number.isSafeInteger(round) || round < 0) throw new Error(`round must be a non-negative integer, not ${round}`);
  // A client per procedure when the caller counts each procedure's faults apart.
  const clientFor = typeof clients === 'function' ? clients : () => clients;
  const keys = roundKeys(setup.runId, round);
  const journey = async <T>(procedure: ProcedureName, run: (client: LoadClient, actors: Actors) => Promise<T>) => {
    const client = clientFor(procedure);
    return run(client, actorsOf(client, await officerToken(client)));
  };
  return settleAll(`round ${round} of run ${setup.runId}`, [
    ['sttm-approval', () => journey('sttm-approval', (client, actors) => sttmJourney(client, actors, keys, setup))],
    ['compatibility-evaluation', () => journey('compatibility-evaluation', (client, actors) => evaluationJourney(client, actors, keys))],
    ['concertation-conference', () => journey('concertation-conference', (client, actors) => conferenceJourney(client, actors, keys))],
    ['territorial-agreement', () => journey('territorial-agreement', (client, actors) => agreementJourney(client, actors, keys))],
    ['adhesion', () => journey('adhesion', (client, actors) => adhesionJourney(client, actors, keys))],
    ['annual-call', () => journey('annual-call', (client, actors) => proposalJourney(client, actors, keys, setup))],
  ]);
}

/**
 * Runs the tasks at once and waits for every one, a failed one included, so no request is still
 * in flight when this settles; then throws naming every task that failed.
 */
async function settleAll<T>(what: string, tasks: readonly (readonly [string, () => Promise<T>])[]): Promise<T[]> {
  const settled = await Promise.allSettled(tasks.map(([, task]) => task()));
  const failed = settled.flatMap((s, i) => (s.status === 'rejected' ? [`${tasks[i][0]}: ${(s.reason as Error).message}`] : []));
  if (failed.length > 0) throw new Error(`${what}:\n${failed.join('\n')}`);
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/** What makes a round's acts its own: deliberation numbers carry the run and the round; the municipalities turn with the round. */
interface RoundKeys {
  runId: number;
  round: number;
  /** `${runId}R${round}`: no two (run, round) pairs give the same text. */
  tag: string;
  municipality(offset: number): string;
}

function roundKeys(runId: number, round: number): RoundKeys {
  return { runId, round, tag: `${runId}R${round}`, municipality: (offset) => pick(LOAD_MUNICIPALITIES, round * 5 + offset) };
}

/** Two participation steps on the run's STTM; its state does not move (participation is open until the adoption). */
async function sttmJourney(client: LoadClient, actors: Actors, keys: RoundKeys, setup: MixedLoadSetup): Promise<CaseExpectation> {
  const { caseId, reference } = setup.sttm;
  let state = '';
  for (const kind of ['meeting', 'presentation'] as const) {
    const recorded = await client.send<{ state: string }>('POST', `/sttm-approvals/${caseId}/participation`, actors.officer, {
      kind,
      title: `Carico ${keys.tag}: ${kind === 'meeting' ? 'incontro con i Comuni' : 'presentazione ai Sindaci'}`,
      date: DELIBERATION_DATE,
    });
    ({ state } = expectStatus(recorded, [200], `POST /sttm-approvals/:id/participation (${kind})`));
  }
  return { procedure: 'sttm-approval', caseId, reference, events: { 'record-participation': 2 }, state };
}

/** A municipality files its adopted act; the officer confirms the documentation complete. */
async function evaluationJourney(client: LoadClient, actors: Actors, keys: RoundKeys): Promise<CaseExpectation> {
  const istatCode = keys.municipality(0);
  const comune = await actors.comune(istatCode);
  const number = deliberationNumber(`VC${keys.tag}`);
  const adoptedAct = await client.upload(comune, 'adopted-act', `Delibera di adozione n. ${number}`);
  const filed = await client.send<{ caseId: string; reference: string }>('POST', '/compatibility-evaluations', comune, {
    actType: 'variante-pgt',
    deliberation: { number, date: DELIBERATION_DATE },
    description: `Variante al PGT del carico misto ${keys.tag}`,
    declaresSupraMunicipalRelevance: false,
    uploads: { adoptedAct },
  });
  const { caseId, reference } = expectStatus(filed, CREATED, 'POST /compatibility-evaluations');
  const checked = await client.send<{ state: string }>('POST', `/compatibility-evaluations/${caseId}/completeness`, actors.officer);
  const { state } = expectStatus(checked, [200], 'POST /compatibility-evaluations/:id/completeness');
  return {
    procedure: 'compatibility-evaluation',
    caseId,
    reference,
    events: { 'submission-received': 1, registered: 1, 'confirm-completeness': 1 },
    state,
  };
}

/**
 * The officer convenes two municipalities; one mayor's office confirms through the API (the
 * personal answer links go only by mail).
 */
async function conferenceJourney(client: LoadClient, actors: Actors, keys: RoundKeys): Promise<CaseExpectation> {
  const [other, answering] = [keys.municipality(1), keys.municipality(2)];
  // Well beyond the regulation's notice, from whenever the round runs.
  const startsAt = new Date(Date.now() + 30 * DAY_MS);
  const convened = await client.send<{ caseId: string; reference: string }>('POST', '/concertation-conferences', actors.officer, {
    subject: `Conferenza del carico misto ${keys.tag}`,
    agenda: 'Bilancio delle diffusività territoriali',
    municipalities: [other, answering],
    firstSession: {
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
      place: 'Palazzo Isimbardi, via Vivaio 1, Milano',
    },
  });
  // The client's Idempotency-Key names the conference: a repeated convocation meets the first (200).
  const { caseId, reference } = expectStatus(convened, CREATED, 'POST /concertation-conferences');
  const answered = await client.send<{ state: string }>(
    'POST',
    `/concertation-conferences/${caseId}/sessions/s1/answers`,
    await actors.mayorOffice(answering),
    { answer: 'confirmed' },
  );
  const { state } = expectStatus(answered, [200], 'POST /concertation-conferences/:id/sessions/s1/answers');
  return {
    procedure: 'concertation-conference',
    caseId,
    reference,
    events: { registered: 1, 'add-session': 1, 'answer-convocation': 1 },
    state,
  };
}

/**
 * The officer starts an agreement between two municipalities and sets their commitments. A
 * signature needs a signed document uploaded to the case (multipart), and a repeated case upload
 * is a second version: the load stays with the JSON actions.
 */
async function agreementJourney(client: LoadClient, actors: Actors, keys: RoundKeys): Promise<CaseExpectation> {
  const [first, second] = [keys.municipality(3), keys.municipality(4)];
  // The client's Idempotency-Key names the agreement: a repeated start meets the one it started.
  const started = await client.send<{ caseId: string; reference: string }>('POST', '/territorial-agreements', actors.officer, {
    subject: `Accordo del carico misto ${keys.tag}`,
    municipalities: [first, second],
    metropolitanExternalities: false,
  });
  const { caseId, reference } = expectStatus(started, CREATED, 'POST /territorial-agreements');
  const committed = await client.send<{ state: string }>('POST', `/territorial-agreements/${caseId}/commitments`, actors.officer, {
    commitments: [
      { party: first, kind: 'obligation', description: `Monitoraggio del traffico (${keys.tag})` },
      {
        party: second,
        kind: 'diffusion-balancing',
        amountCents: 1_000_000,
        description: `Mitigazione sulla viabilità (${keys.tag})`,
        dueDate: '2027-06-30',
      },
    ],
  });
  const { state } = expectStatus(committed, [200], 'POST /territorial-agreements/:id/commitments');
  return { procedure: 'territorial-agreement', caseId, reference, events: { 'agreement-opened': 1, 'set-commitments': 1 }, state };
}

/** A municipality files its adhesion deliberation (with a contribution to the Fund); the officer registers it. */
async function adhesionJourney(client: LoadClient, actors: Actors, keys: RoundKeys): Promise<CaseExpectation> {
  const istatCode = keys.municipality(5);
  const comune = await actors.comune(istatCode);
  const number = deliberationNumber(`AD${keys.tag}`);
  const deliberation = await client.upload(comune, 'adhesion-deliberation', `Delibera di adesione n. ${number}`);
  const filed = await client.send<{ caseId: string; reference: string }>('POST', '/adhesions', comune, {
    deliberation: { number, date: DELIBERATION_DATE },
    sttm: [1, 3],
    adhesionCase: 'd',
    commitments: [
      {
        kind: 'fund-contribution',
        legalBasis: 'LR 12/2005 art. 43 c.2-bis',
        amountCents: 500_000,
        description: `Quota del carico misto ${keys.tag}`,
        dueDate: '2027-12-31',
      },
    ],
    uploads: { deliberation },
  });
  const { caseId, reference } = expectStatus(filed, CREATED, 'POST /adhesions');
  const registered = await client.send<{ state: string }>('POST', `/adhesions/${caseId}/registration`, actors.officer);
  const { state } = expectStatus(registered, [200], 'POST /adhesions/:id/registration');
  return {
    procedure: 'adhesion',
    caseId,
    reference,
    events: { 'submission-received': 1, registered: 1, 'register-adhesion': 1 },
    state,
  };
}

/**
 * An adhering municipality proposes to the run's call and corrects its proposal while the window
 * is open (an officer's eligibility decision waits for the window to close, 60 days).
 */
async function proposalJourney(client: LoadClient, actors: Actors, keys: RoundKeys, setup: MixedLoadSetup): Promise<CaseExpectation> {
  const { caseId, reference, year } = setup.annualCall;
  const comune = await actors.comune(pick(setup.proposers, keys.round));
  const uploadId = await client.upload(comune, 'proposal', `Scheda della proposta ${keys.tag}`);
  const proposal = {
    kind: 'intervention',
    title: `Intervento del carico misto ${keys.tag}`,
    description: 'Riqualificazione di uno spazio pubblico',
    costCents: 150_000_000,
    cofinancingCents: 30_000_000,
    location: `Area ${keys.tag}`,
    sttm: [1],
  };
  const submitted = await client.send<{ caseId: string; proposalId: string }>('POST', '/annual-calls/proposals', comune, {
    ...proposal,
    year,
    uploadIds: [uploadId],
  });
  const receipt = expectStatus(submitted, [201], 'POST /annual-calls/proposals');
  if (receipt.caseId !== caseId) throw new Error(`the proposal went to case ${receipt.caseId}, not to the run's call ${caseId}`);
  const amended = await client.send<{ state: string }>('PUT', `/annual-calls/${caseId}/proposals/${receipt.proposalId}`, comune, {
    ...proposal,
    title: `${proposal.title}, lotto unico`,
    uploadIds: [],
  });
  const { state } = expectStatus(amended, [200], 'PUT /annual-calls/:id/proposals/:proposalId');
  return { procedure: 'annual-call', caseId, reference, events: { 'proposal-submitted': 1, 'proposal-amended': 1 }, state };
}

/**
 * The expectations of several rounds, one per case: the events of the rounds that share a case
 * (the run's STTM and call) add up; the state is the last round's.
 */
export function totalsByCase(expectations: CaseExpectation[]): CaseExpectation[] {
  const byCase = new Map<string, CaseExpectation>();
  for (const expectation of expectations) {
    const seen = byCase.get(expectation.caseId);
    if (!seen) {
      byCase.set(expectation.caseId, { ...expectation, events: { ...expectation.events } });
      continue;
    }
    for (const [type, count] of Object.entries(expectation.events)) seen.events[type] = (seen.events[type] ?? 0) + count;
    seen.state = expectation.state;
  }
  return [...byCase.values()];
}
