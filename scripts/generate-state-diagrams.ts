// Draws every procedure's states and transitions (docs/procedures.md) from its pure machine in
// libs/domain: starting from the initial status, it tries every well-formed action sample (the
// ones the workflows' "available actions" query probes, as each role), the variants with another
// outcome and the events the workflows record on their own (<procedure>.event-samples.ts), and
// keeps what the machine accepts. Nothing in the diagrams is written by hand.
// Usage: node -r ./scripts/register-ts.js scripts/generate-state-diagrams.ts [--check]
//   writes the diagrams between the generated markers of docs/procedures.md; --check writes
//   nothing and exits 1 when the file is not what this script produces.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACTOR_ROLES,
  ADHESION_ACTION_SAMPLES,
  ADHESION_TERMINAL_STATES,
  AGREEMENT_ACTION_SAMPLES,
  AGREEMENT_TERMINAL_STATES,
  type Actor,
  type ActorRole,
  type BilingualLabel,
  CALL_TERMINAL_STATES,
  CASE_STATE_LABELS,
  CMM_PARTY,
  CONFERENCE_TERMINAL_STATES,
  EVALUATION_ACTION_SAMPLES,
  PROCEDURE_TYPES,
  type ProcedureType,
  type Refusal,
  STTM_TERMINAL_STATES,
  TERMINAL_STATES,
  type VasState,
  applyAdhesionEvent,
  applyAgreementEvent,
  applyCallEvent,
  applyConferenceEvent,
  applyEvent,
  applySttmEvent,
  applyVasEvent,
  callActionSamples,
  callNextState,
  checkConferenceAction,
  conferenceActionSamples,
  defaultCallCriteria,
  initialAdhesionStatus,
  initialAgreementStatus,
  initialCallStatus,
  initialConferenceStatus,
  initialSttmStatus,
  initialStatus,
  initialVasStatus,
  isVasTerminal,
  nextAdhesionState,
  nextAgreementState,
  nextState,
  sttmActionSamples,
  sttmNextState,
  vasActionSamples,
  vasNextState,
  type CallFacts,
  type ConferenceEvent,
  type ConferenceFacts,
  type ConferenceStatus,
  type EvaluationFacts,
  type IntegrationEffect,
  type OsservazioniTrigger,
} from '@cmm/domain';
import { getRule } from '@cmm/legal-calendar';
import { ADHESION_EVENT_SAMPLES } from '../libs/domain/src/adhesion/adhesion.event-samples';
import { CALL_EVENT_SAMPLES, callOutcomeSamples } from '../libs/domain/src/annual-call/annual-call.event-samples';
import {
  EVALUATION_OUTCOME_SAMPLES,
  evaluationEventSamples,
} from '../libs/domain/src/compatibility-evaluation/compatibility-evaluation.event-samples';
import {
  conferenceEventSamples,
  conferenceOutcomeSamples,
} from '../libs/domain/src/concertation-conference/concertation-conference.event-samples';
import {
  STTM_OUTCOME_SAMPLES,
  VAS_EVENT_SAMPLES,
  VAS_OUTCOME_SAMPLES,
  sttmEventSamples,
} from '../libs/domain/src/sttm-approval/sttm-approval.event-samples';
import { AGREEMENT_EVENT_SAMPLES } from '../libs/domain/src/territorial-agreement/territorial-agreement.event-samples';

export const PROCEDURES_DOC = join(__dirname, '..', 'docs', 'procedures.md');

/** One accepted step: from a state, by an action or event, to a state, and the roles seen taking it (none for the system's events). */
export interface Transition {
  from: string;
  event: string;
  to: string;
  roles: ActorRole[];
}

export interface ProcedureGraph {
  type: ProcedureType;
  initial: string;
  transitions: Transition[];
  /** The machine's final states: no action or event leaves them. */
  final: string[];
  /** States of the procedure's vocabulary that no explored path reaches. */
  unreached: string[];
  /** Actions and events tried that the machine refused in every status reached. */
  neverAccepted: string[];
}

/**
 * What an action or event did: the status the machine moved to, or null when it refused it.
 * A null event is time passing, which the diagram does not draw.
 */
interface Step<N> {
  event: string | null;
  role: ActorRole | null;
  node: N | null;
}

/** A procedure as the explorer walks it: where it starts, the state of a status, and what its machine does with each candidate from it. */
interface Walk<N> {
  initial: N;
  stateOf(node: N): string;
  steps(node: N): Step<N>[];
  /** What the machine reads of a status, when not all of it: statuses alike in it are walked once. */
  key?(node: N): unknown;
}

// --- who acts: one person per role, municipal roles for each of two municipalities ---

const MUNICIPALITIES = ['015146', '015182'] as const;

const person = (role: ActorRole, istatCode: string | null): Actor => ({
  subject: `sample:${role}`,
  name: 'sample',
  email: null,
  role,
  istatCode,
});

export const SAMPLE_ACTORS: readonly Actor[] = ACTOR_ROLES.filter((role) => role !== 'system').flatMap((role) =>
  role === 'comune' || role === 'mayor_office' ? MUNICIPALITIES.map((istat) => person(role, istat)) : [person(role, null)],
);

/** Every action sample as every sample actor would send it. */
const byEveryone = <S, A>(samples: readonly { sample(actor: Actor, status: S): A }[], status: S): A[] =>
  samples.flatMap((probe) => SAMPLE_ACTORS.map((actor) => probe.sample(actor, status)));

const fromEveryone = <A>(variants: readonly ((actor: Actor) => A)[]): A[] => variants.flatMap((variant) => SAMPLE_ACTORS.map(variant));

// --- the walk ---

/** What the machine does with each candidate event: `accept` answers the next status, or null when it refuses. */
function stepsOf<S, E extends { type: string }>(candidates: readonly E[], accept: (event: E) => S | null): Step<S>[] {
  return candidates.map((event) => ({
    event: event.type,
    role: 'actor' in event ? (event.actor as Actor).role : null,
    node: accept(event),
  }));
}

const isRefusal = (verdict: unknown): verdict is Refusal => typeof verdict === 'object' && verdict !== null;

/** For machines split into "the next state, or a refusal" and "apply an accepted event". */
const byNextState =
  <S, E>(next: (status: S, event: E) => unknown, apply: (status: S, event: E) => S) =>
  (status: S) =>
  (event: E): S | null =>
    isRefusal(next(status, event)) ? null : apply(status, event);

// Statuses are compared with lists cut to their first elements and counters capped: a third
// session, observation or draft round adds no transition the first two did not, and the walk
// stays finite (lists and counters grow with every repeated action).
const LIST_LIMIT = 2;
const COUNT_LIMIT = 2;
const abstractKey = (node: unknown): string =>
  JSON.stringify(node, (_key, value: unknown) =>
    Array.isArray(value) ? value.slice(0, LIST_LIMIT) : typeof value === 'number' && value > COUNT_LIMIT ? COUNT_LIMIT + 1 : value,
  );

const MAX_STATUSES = 200_000;

/** Breadth-first from the initial status: every accepted step once per distinct status, and every event tried. */
export function explore<N>(walk: Walk<N>): { transitions: Map<string, Transition>; tried: Set<string> } {
  const transitions = new Map<string, Transition>();
  const tried = new Set<string>();
  const keyOf = (node: N) => abstractKey(walk.key ? walk.key(node) : node);
  const seen = new Set([keyOf(walk.initial)]);
  const queue = [walk.initial];
  for (let next = 0; next < queue.length; next++) {
    const node = queue[next];
    for (const step of walk.steps(node)) {
      if (step.event !== null) tried.add(step.event);
      if (step.node === null) continue;
      if (step.event !== null) addTransition(transitions, walk.stateOf(node), step, walk.stateOf(step.node));
      const key = keyOf(step.node);
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push(step.node);
    }
    if (queue.length > MAX_STATUSES) throw new Error(`more than ${MAX_STATUSES} statuses: the walk does not converge`);
  }
  return { transitions, tried };
}

function addTransition(transitions: Map<string, Transition>, from: string, step: Step<unknown>, to: string): void {
  const key = `${from}\u0000${step.event}\u0000${to}`;
  const known = transitions.get(key) ?? { from, event: step.event as string, to, roles: [] };
  if (step.role && !known.roles.includes(step.role)) known.roles.push(step.role);
  transitions.set(key, known);
}

// --- the procedures: their machines, samples and the facts that change what they accept ---

const stateOfStatus = (status: { state: string }): string => status.state;

function evaluationWalks(): Walk<ReturnType<typeof initialStatus>>[] {
  // How many integration requests the workflow allows: the rule's limit, as the workflow reads it from the started term.
  const allowed: Record<IntegrationEffect, number> = {
    suspend: limitOf(getRule('compatibility-evaluation.opinion').suspendable),
    interrupt: limitOf(getRule('compatibility-evaluation.opinion-interrupting').interruptible),
  };
  return (['suspend', 'interrupt'] as const).flatMap((integrationEffect) =>
    [false, true].map((declaresSupraMunicipalRelevance) => {
      const facts: EvaluationFacts = {
        istatCode: MUNICIPALITIES[0],
        declaresSupraMunicipalRelevance,
        integrationEffect,
        integrationRequestsAllowed: allowed[integrationEffect],
      };
      const accept = byNextState(
        (status: ReturnType<typeof initialStatus>, event: Parameters<typeof nextState>[1]) => nextState(status, event, facts),
        (status, event) => applyEvent(status, event, facts),
      );
      return {
        initial: initialStatus(),
        stateOf: stateOfStatus,
        steps: (status) =>
          stepsOf(
            [
              ...byEveryone(EVALUATION_ACTION_SAMPLES, status),
              ...fromEveryone(EVALUATION_OUTCOME_SAMPLES),
              ...evaluationEventSamples(status),
            ],
            accept(status),
          ),
      };
    }),
  );
}

const limitOf = (limit: false | { times: number }): number => (limit === false ? 0 : limit.times);

// The conference's machine takes the time: sessions are convened in the future, and their
// minutes recorded once they have started. The walk starts before the sample sessions, and a
// silent step lets time pass until every session planned so far has ended.
const CONFERENCE_START = Date.parse('2026-01-01T00:00:00.000Z');

interface ConferenceNode {
  status: ConferenceStatus;
  now: number;
}

function conferenceWalk(convened: readonly string[]): Walk<ConferenceNode> {
  const facts: ConferenceFacts = { convened, linkAnswersOnce: true };
  const accept =
    ({ status, now }: ConferenceNode) =>
    (event: ConferenceEvent): ConferenceNode | null =>
      'actor' in event && checkConferenceAction(status, event, facts, now)
        ? null
        : { status: applyConferenceEvent(status, event, facts, now), now };
  const timePasses = ({ status, now }: ConferenceNode): Step<ConferenceNode>[] => {
    const ended = Math.max(now, ...status.sessions.map((session) => Date.parse(session.endsAt)));
    return ended > now ? [{ event: null, role: null, node: { status, now: ended } }] : [];
  };
  return {
    initial: { status: initialConferenceStatus(), now: CONFERENCE_START },
    stateOf: (node) => node.status.state,
    // Its verdicts read the state, each session's status and dates against the clock, and who
    // has answered (a link takes one answer); contributions and the answers' details decide nothing.
    key: ({ status, now }) => ({
      state: status.state,
      contributionsDueAt: status.contributionsDueAt,
      sessions: status.sessions.map((s) => ({
        status: s.status,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        started: Date.parse(s.startsAt) <= now,
        answers: Object.values(s.attendance).map((a) => a.answer),
      })),
    }),
    steps: (node) => [
      ...stepsOf(
        [
          ...byEveryone(conferenceActionSamples(node.status, facts), node.status),
          ...fromEveryone(conferenceOutcomeSamples(node.status, facts)),
          ...conferenceEventSamples(node.status),
        ],
        accept(node),
      ),
      ...timePasses(node),
    ],
  };
}

function agreementWalk(parties: readonly string[]): Walk<ReturnType<typeof initialAgreementStatus>> {
  const facts = { parties, contributionBases: [] };
  const accept = byNextState(
    (status: ReturnType<typeof initialAgreementStatus>, event: Parameters<typeof nextAgreementState>[1]) =>
      nextAgreementState(status, event, facts),
    (status, event) => applyAgreementEvent(status, event, facts),
  );
  return {
    initial: initialAgreementStatus(),
    stateOf: stateOfStatus,
    steps: (status) => stepsOf([...byEveryone(AGREEMENT_ACTION_SAMPLES, status), ...AGREEMENT_EVENT_SAMPLES], accept(status)),
  };
}

// The planned adoption's action sample carries no schedule: the validator checks role and state
// only, and the handler applies the schedule the calendar computed (STTM_OUTCOME_SAMPLES).
const isApplied = (action: { type: string; schedule?: unknown }) => !(action.type === 'plan-adoption' && action.schedule === null);

function sttmWalk(osservazioniTrigger: OsservazioniTrigger): Walk<ReturnType<typeof initialSttmStatus>> {
  const facts = { halved: false, osservazioniTrigger };
  const accept = byNextState(
    (status: ReturnType<typeof initialSttmStatus>, event: Parameters<typeof sttmNextState>[1]) => sttmNextState(status, event, facts),
    (status, event) => applySttmEvent(status, event, facts),
  );
  return {
    initial: initialSttmStatus(),
    stateOf: stateOfStatus,
    steps: (status) =>
      stepsOf(
        [
          ...byEveryone(sttmActionSamples(status), status).filter(isApplied),
          ...fromEveryone(STTM_OUTCOME_SAMPLES),
          ...sttmEventSamples(status),
        ],
        accept(status),
      ),
  };
}

function vasWalk(): Walk<ReturnType<typeof initialVasStatus>> {
  const accept = byNextState(vasNextState, applyVasEvent);
  return {
    initial: initialVasStatus(),
    stateOf: stateOfStatus,
    steps: (status) =>
      stepsOf(
        [...byEveryone(vasActionSamples(status), status), ...fromEveryone(VAS_OUTCOME_SAMPLES), ...VAS_EVENT_SAMPLES],
        accept(status),
      ),
  };
}

function adhesionWalk(): Walk<ReturnType<typeof initialAdhesionStatus>> {
  const facts = { istatCode: MUNICIPALITIES[0] };
  const accept = byNextState(
    (status: ReturnType<typeof initialAdhesionStatus>, event: Parameters<typeof nextAdhesionState>[1]) =>
      nextAdhesionState(status, event, facts),
    (status, event) => applyAdhesionEvent(status, event, facts),
  );
  return {
    initial: initialAdhesionStatus(),
    stateOf: stateOfStatus,
    steps: (status) => stepsOf([...byEveryone(ADHESION_ACTION_SAMPLES, status), ...ADHESION_EVENT_SAMPLES], accept(status)),
  };
}

function callWalk(): Walk<ReturnType<typeof initialCallStatus>> {
  // The criteria the call copies when it opens; the window closes by the clock's event, not by a date.
  const facts: CallFacts = { criteria: defaultCallCriteria(), window: null };
  const accept = byNextState(
    (status: ReturnType<typeof initialCallStatus>, event: Parameters<typeof callNextState>[1]) => callNextState(status, event, facts),
    (status, event) => applyCallEvent(status, event, facts),
  );
  return {
    initial: initialCallStatus(),
    stateOf: stateOfStatus,
    // Its verdicts read the state and, of each proposal, whose it is and where its eligibility and scores stand.
    key: (status) => ({
      state: status.state,
      proposals: status.proposals.map((p) => ({
        id: p.id,
        istatCode: p.istatCode,
        eligible: p.eligibility?.eligible ?? null,
        scored: p.scores !== null,
      })),
    }),
    steps: (status) =>
      stepsOf(
        [...byEveryone(callActionSamples(status), status), ...fromEveryone(callOutcomeSamples(status, facts)), ...CALL_EVENT_SAMPLES],
        accept(status),
      ),
  };
}

/**
 * Each procedure: its walks, one per variant of the facts that changes what its machine
 * accepts (the integration effect and the declared relevance of an evaluation, an agreement
 * with or without CMM as a party, the event that opens an STTM's osservazioni), and its
 * machine's final states.
 */
const PROCEDURES: { readonly [P in ProcedureType]: { walks(): Walk<unknown>[]; final(state: string): boolean } } = {
  'compatibility-evaluation': {
    walks: () => evaluationWalks() as Walk<unknown>[],
    final: (state) => (TERMINAL_STATES as readonly string[]).includes(state),
  },
  'concertation-conference': {
    walks: () => [conferenceWalk(MUNICIPALITIES)] as Walk<unknown>[],
    final: (state) => (CONFERENCE_TERMINAL_STATES as readonly string[]).includes(state),
  },
  'territorial-agreement': {
    walks: () => [agreementWalk(MUNICIPALITIES), agreementWalk([...MUNICIPALITIES, CMM_PARTY])] as Walk<unknown>[],
    final: (state) => (AGREEMENT_TERMINAL_STATES as readonly string[]).includes(state),
  },
  'sttm-approval': {
    walks: () => [sttmWalk('albo-publication'), sttmWalk('burl-notice')] as Walk<unknown>[],
    final: (state) => (STTM_TERMINAL_STATES as readonly string[]).includes(state),
  },
  'vas-screening': { walks: () => [vasWalk()] as Walk<unknown>[], final: (state) => isVasTerminal(state as VasState) },
  adhesion: {
    walks: () => [adhesionWalk()] as Walk<unknown>[],
    final: (state) => (ADHESION_TERMINAL_STATES as readonly string[]).includes(state),
  },
  'annual-call': {
    walks: () => [callWalk()] as Walk<unknown>[],
    final: (state) => (CALL_TERMINAL_STATES as readonly string[]).includes(state),
  },
};

const ROLE_ORDER: readonly ActorRole[] = ACTOR_ROLES;

const graphs = new Map<ProcedureType, ProcedureGraph>();

/** The procedure's transitions over all its walks, in a stable order (walked once per process). */
export function procedureGraph(type: ProcedureType): ProcedureGraph {
  const known = graphs.get(type);
  if (known) return known;
  const graph = walkProcedure(type);
  graphs.set(type, graph);
  return graph;
}

function walkProcedure(type: ProcedureType): ProcedureGraph {
  const walks = PROCEDURES[type].walks();
  const merged = new Map<string, Transition>();
  const tried = new Set<string>();
  for (const walk of walks) {
    const explored = explore(walk);
    for (const event of explored.tried) tried.add(event);
    for (const [key, transition] of explored.transitions) {
      const known = merged.get(key);
      merged.set(key, known ? { ...known, roles: [...new Set([...known.roles, ...transition.roles])] } : transition);
    }
  }
  const states = Object.keys(CASE_STATE_LABELS[type]);
  const order = (state: string) => states.indexOf(state);
  const transitions = [...merged.values()]
    .map((t) => ({ ...t, roles: [...t.roles].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b)) }))
    .sort((a, b) => order(a.from) - order(b.from) || order(a.to) - order(b.to) || a.event.localeCompare(b.event));
  const initial = walks[0].stateOf(walks[0].initial);
  const reached = new Set([initial, ...transitions.map((t) => t.to)]);
  const taken = new Set(transitions.map((t) => t.event));
  return {
    type,
    initial,
    transitions,
    final: states.filter(PROCEDURES[type].final),
    unreached: states.filter((state) => !reached.has(state)),
    neverAccepted: [...tried].filter((event) => !taken.has(event)),
  };
}

// --- Mermaid and the tables under it ---

/** Mermaid ids cannot hold hyphens; the box shows the state's id as the API and the database spell it. */
const mermaidId = (state: string) => state.replace(/-/g, '_');

/** The diagram: the initial state, one arrow per pair of states labelled with every event between them, terminal states to [*]. */
export function mermaidDiagram(graph: ProcedureGraph): string {
  const states = Object.keys(CASE_STATE_LABELS[graph.type]).filter((state) => !graph.unreached.includes(state));
  const arrows = new Map<string, string[]>();
  for (const t of graph.transitions) {
    const key = `${mermaidId(t.from)} --> ${mermaidId(t.to)}`;
    arrows.set(key, [...(arrows.get(key) ?? []), t.event]);
  }
  return [
    '```mermaid',
    'stateDiagram-v2',
    ...states.map((state) => `  state "${state}" as ${mermaidId(state)}`),
    `  [*] --> ${mermaidId(graph.initial)}`,
    ...[...arrows].map(([arrow, events]) => `  ${arrow} : ${[...new Set(events)].join(', ')}`),
    ...states.filter((state) => graph.final.includes(state)).map((state) => `  ${mermaidId(state)} --> [*]`),
    '```',
  ].join('\n');
}

const words = (label: BilingualLabel) => `${label.it} / ${label.en}`;

/** The states with their words (libs/domain/src/vocabulary/case-state-labels.ts). */
function statesTable(graph: ProcedureGraph): string {
  const labels = CASE_STATE_LABELS[graph.type];
  return [
    '| state | label (it / en) | |',
    '| --- | --- | --- |',
    ...Object.keys(labels).map((state) => {
      const note = graph.unreached.includes(state)
        ? 'not reached by the workflow'
        : state === graph.initial
          ? 'initial'
          : graph.final.includes(state)
            ? 'final'
            : '';
      return `| \`${state}\` | ${words(labels[state])} | ${note} |`;
    }),
  ].join('\n');
}

/** Who takes each action, as the machine decided on the sample actors; events without a role are the system's. */
function actorsTable(graph: ProcedureGraph): string {
  const byEvent = new Map<string, Set<ActorRole>>();
  for (const t of graph.transitions) byEvent.set(t.event, new Set([...(byEvent.get(t.event) ?? []), ...t.roles]));
  return [
    '| action or event | taken by |',
    '| --- | --- |',
    ...[...byEvent].map(([event, roles]) => {
      const ordered = ROLE_ORDER.filter((role) => roles.has(role));
      return `| \`${event}\` | ${ordered.length > 0 ? ordered.map((role) => `\`${role}\``).join(', ') : 'system'} |`;
    }),
  ].join('\n');
}

export function generatedSection(type: ProcedureType): string {
  const graph = procedureGraph(type);
  return [mermaidDiagram(graph), '', statesTable(graph), '', actorsTable(graph)].join('\n');
}

// --- docs/procedures.md ---

const START = (type: ProcedureType) => `<!-- generated:state-diagram:${type} -->`;
const END = '<!-- /generated -->';

/** The document with every generated block replaced by what the machines say now. */
export function withGeneratedDiagrams(markdown: string): string {
  return PROCEDURE_TYPES.reduce((text, type) => {
    const start = text.indexOf(START(type));
    if (start < 0) throw new Error(`docs/procedures.md has no ${START(type)} marker`);
    const end = text.indexOf(END, start);
    if (end < 0) throw new Error(`docs/procedures.md: ${START(type)} has no ${END}`);
    return `${text.slice(0, start)}${START(type)}\n${generatedSection(type)}\n${text.slice(end)}`;
  }, markdown);
}

function main(args: readonly string[]): number {
  const current = readFileSync(PROCEDURES_DOC, 'utf8');
  const generated = withGeneratedDiagrams(current);
  if (args.includes('--check')) {
    if (generated === current) return 0;
    console.error(
      'docs/procedures.md: the state diagrams are out of date; run node -r ./scripts/register-ts.js scripts/generate-state-diagrams.ts',
    );
    return 1;
  }
  if (generated !== current) writeFileSync(PROCEDURES_DOC, generated);
  console.log(`docs/procedures.md: ${PROCEDURE_TYPES.length} state diagrams ${generated === current ? 'already up to date' : 'written'}`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
