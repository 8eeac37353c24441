import { SLOT_DOCUMENT_KINDS } from '@cmm/contracts';
import { ADHESION_TERMINAL_STATES } from '../adhesion/adhesion.types';
import { initialAdhesionStatus } from '../adhesion/adhesion.machine';
import { CALL_TERMINAL_STATES } from '../annual-call/annual-call.types';
import { initialCallStatus } from '../annual-call/annual-call.machine';
import { TERMINAL_STATES } from '../compatibility-evaluation/compatibility-evaluation.types';
import { initialStatus } from '../compatibility-evaluation/compatibility-evaluation.machine';
import { CONFERENCE_TERMINAL_STATES } from '../concertation-conference/concertation-conference.types';
import { initialConferenceStatus } from '../concertation-conference/concertation-conference.machine';
import { PROCEDURE_TYPES, type ProcedureType } from '../procedure-types';
import { STTM_TERMINAL_STATES } from '../sttm-approval/sttm-approval.types';
import { initialSttmStatus } from '../sttm-approval/sttm-approval.machine';
import { initialVasStatus } from '../sttm-approval/vas-screening.machine';
import { AGREEMENT_TERMINAL_STATES } from '../territorial-agreement/territorial-agreement.types';
import { type BilingualLabel, readableId } from './bilingual-label';
import { CASE_STATE_LABELS, caseStateLabel } from './case-state-labels';
import { DOCUMENT_KIND_LABELS, documentKindLabel } from './document-kind-labels';
import { SYSTEM_EVENT_LABELS, TIMELINE_EVENT_LABELS, timelineEventLabel } from './timeline-event-labels';

const every = (labels: Readonly<Record<string, BilingualLabel>>) => Object.entries(labels);

/** Words for people: both texts filled, trimmed, and neither the raw id nor its readable form. */
function wordsProblem(id: string, label: BilingualLabel): string | null {
  for (const language of ['it', 'en'] as const) {
    const text = label[language];
    if (typeof text !== 'string' || text.trim() === '' || text !== text.trim()) return `${id}: ${language} is empty or padded`;
    if (text === id) return `${id}: ${language} is the raw id`;
  }
  if (label.it === readableId(id).it) return `${id}: the Italian text is only the id spelled out`;
  return null;
}

describe('case states in words', () => {
  // States a case of each procedure is opened in or may end in (the unions are checked by the compiler).
  const known: Record<ProcedureType, readonly string[]> = {
    'compatibility-evaluation': [
      initialStatus().state,
      'awaiting-completeness-check',
      'integration-requested',
      'under-evaluation',
      'concertation',
      ...TERMINAL_STATES,
    ],
    'concertation-conference': [initialConferenceStatus().state, ...CONFERENCE_TERMINAL_STATES],
    'territorial-agreement': ['drafting', 'awaiting-signatures', 'renegotiation', ...AGREEMENT_TERMINAL_STATES],
    'sttm-approval': [initialSttmStatus().state, 'osservazioni', 'controdeduzioni', ...STTM_TERMINAL_STATES],
    'vas-screening': [initialVasStatus().state, 'deposited', 'consultation', 'excluded', 'subjected', 'cancelled'],
    adhesion: [initialAdhesionStatus().state, 'under-review', 'corrections-requested', ...ADHESION_TERMINAL_STATES],
    'annual-call': [initialCallStatus().state, 'evaluation', 'ranking-published', ...CALL_TERMINAL_STATES],
  };

  it('has words for the states of every procedure', () => {
    expect(Object.keys(CASE_STATE_LABELS).sort()).toEqual([...PROCEDURE_TYPES].sort());
    for (const procedure of PROCEDURE_TYPES) {
      for (const state of known[procedure])
        expect([procedure, state, caseStateLabel(procedure, state)]).toEqual([procedure, state, CASE_STATE_LABELS[procedure][state]]);
    }
  });

  it('writes every label in both languages, never as the raw id', () => {
    const problems = PROCEDURE_TYPES.flatMap((procedure) =>
      every(CASE_STATE_LABELS[procedure]).map(([state, label]) => wordsProblem(state, label)),
    ).filter(Boolean);
    expect(problems).toEqual([]);
  });

  it('reads one id by its procedure: a withdrawn conference is ritirata, a withdrawn agreement ritirato', () => {
    expect(caseStateLabel('concertation-conference', 'withdrawn').it).toBe('Ritirata');
    expect(caseStateLabel('territorial-agreement', 'withdrawn').it).toBe('Ritirato');
    expect(caseStateLabel('compatibility-evaluation', 'awaiting-completeness-check')).toEqual({
      it: 'In attesa della verifica di completezza',
      en: 'Awaiting the completeness check',
    });
    expect(caseStateLabel('compatibility-evaluation', 'deemed-favourable').it).toBe('Parere favorevole per silenzio-assenso');
  });

  it('shows an unknown state, or a state of an unknown procedure, as readable words', () => {
    expect(caseStateLabel('compatibility-evaluation', 'waiting-for-godot')).toEqual({ it: 'Waiting for godot', en: 'Waiting for godot' });
    expect(caseStateLabel('not-a-procedure', 'under-evaluation')).toEqual({ it: 'Under evaluation', en: 'Under evaluation' });
    // Ids come from rows and requests: what every object inherits is not a label.
    expect(caseStateLabel('compatibility-evaluation', 'constructor')).toEqual({ it: 'Constructor', en: 'Constructor' });
    expect(caseStateLabel('__proto__', 'toString')).toEqual({ it: 'ToString', en: 'ToString' });
  });
});

describe('timeline events in words', () => {
  it('has a map for every procedure and writes every label in both languages', () => {
    expect(Object.keys(TIMELINE_EVENT_LABELS).sort()).toEqual([...PROCEDURE_TYPES].sort());
    const problems = [
      ...PROCEDURE_TYPES.flatMap((procedure) => every(TIMELINE_EVENT_LABELS[procedure]).map(([type, label]) => wordsProblem(type, label))),
      ...every(SYSTEM_EVENT_LABELS).map(([type, label]) => wordsProblem(type, label)),
    ].filter(Boolean);
    expect(problems).toEqual([]);
  });

  it('reads the same type by its procedure first', () => {
    expect(timelineEventLabel('compatibility-evaluation', 'registered').it).toBe('Procedimento avviato: decorre il termine per il parere');
    expect(timelineEventLabel('adhesion', 'registered').it).toBe('Istruttoria avviata');
    expect(timelineEventLabel('concertation-conference', 'registered').it).toBe('Conferenza di concertazione avviata');
    expect(timelineEventLabel('sttm-approval', 'record-opinion').it).toBe('Parere sulla proposta registrato');
    expect(timelineEventLabel('sttm-approval', 'vas-record-opinion').it).toBe('Parere ambientale registrato');
  });

  it('names the events recorded outside the machines and the system events on any case', () => {
    expect(timelineEventLabel('compatibility-evaluation', 'submission-received').it).toBe('Documentazione ricevuta e protocollata');
    expect(timelineEventLabel('annual-call', 'proposal-submitted').it).toBe('Proposta presentata da un Comune');
    expect(timelineEventLabel('annual-call', 'call-cancelled')).toEqual(timelineEventLabel('annual-call', 'cancel'));
    expect(timelineEventLabel('territorial-agreement', 'agreement-in-force').en).toBe('Agreement in force: signed by every party');
    for (const procedure of PROCEDURE_TYPES) {
      for (const type of [
        'document-uploaded',
        'registry-entry-registered',
        'registry-entry-annulled',
        'notification-failed',
        'notification-delivered',
        'deadline-reminder',
        'deadline-escalated',
      ]) {
        expect(timelineEventLabel(procedure, type)).toBe(SYSTEM_EVENT_LABELS[type as keyof typeof SYSTEM_EVENT_LABELS]);
      }
    }
  });

  it('shows an unknown type as readable words, never failing', () => {
    expect(timelineEventLabel('compatibility-evaluation', 'case-submitted')).toEqual({ it: 'Case submitted', en: 'Case submitted' });
    expect(timelineEventLabel('unknown', 'step_recorded')).toEqual({ it: 'Step recorded', en: 'Step recorded' });
    expect(timelineEventLabel('adhesion', 'hasOwnProperty')).toEqual({ it: 'HasOwnProperty', en: 'HasOwnProperty' });
    expect(timelineEventLabel('adhesion', '')).toEqual({ it: '—', en: '—' });
  });
});

describe('document kinds in words', () => {
  it('names the kinds a submission files and writes every label in both languages', () => {
    for (const kind of [
      ...SLOT_DOCUMENT_KINDS,
      'attachment',
      'pec-receipt',
      'pec-inbound',
      'pec-inbound-attachment',
      'avvio-decree',
      'annual-call-notice',
      'annual-call-proposal',
      'annual-call-ranking',
    ]) {
      expect([kind, documentKindLabel(kind)]).toEqual([kind, DOCUMENT_KIND_LABELS[kind as keyof typeof DOCUMENT_KIND_LABELS]]);
    }
    expect(
      every(DOCUMENT_KIND_LABELS)
        .map(([kind, label]) => wordsProblem(kind, label))
        .filter(Boolean),
    ).toEqual([]);
    expect(documentKindLabel('adopted-act')).toEqual({ it: 'Atto adottato', en: 'Adopted act' });
  });

  it('shows a kind declared at upload and unknown here as readable words', () => {
    expect(documentKindLabel('relazione-paesaggistica')).toEqual({ it: 'Relazione paesaggistica', en: 'Relazione paesaggistica' });
  });
});
