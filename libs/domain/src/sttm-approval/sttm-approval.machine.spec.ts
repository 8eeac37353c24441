import type { Actor } from '../actor';
import { isRefusal } from '../refusal';
import { adoptionProblem, applySttmEvent, initialSttmStatus, sttmNextState } from './sttm-approval.machine';
import type { SttmEvent, SttmSchedule, SttmStatus } from './sttm-approval.types';
import { applyVasEvent, initialVasStatus, vasNextState } from './vas-screening.machine';

const officer: Actor = { subject: 'o', name: 'O', email: null, role: 'officer', istatCode: null };
const manager: Actor = { ...officer, subject: 'm', role: 'manager' };
const comune: Actor = { subject: 'c', name: 'C', email: null, role: 'comune', istatCode: '015146' };
const facts = { halved: true };
const schedule: SttmSchedule = {
  adoptionDate: '2023-11-17',
  halved: true,
  availabilityLatest: '2023-10-03',
  conferenzaFrom: '2023-10-18',
  conferenzaTo: '2023-11-16',
  legalSource: 'x',
};
const act = (type: 'decree' | 'resolution' | 'notice' | 'minutes', date: string) => ({ type, number: '1', date });
const run = (events: SttmEvent[], from: SttmStatus = initialSttmStatus()) => events.reduce((s, e) => applySttmEvent(s, e, facts), from);

describe('STTM approval state machine', () => {
  const ready = () =>
    run([
      { type: 'plan-adoption', actor: officer, schedule },
      { type: 'approve-preliminary', actor: officer, act: act('decree', '2023-09-01') },
      { type: 'vas-concluded', outcome: 'excluded' },
    ]);

  it('refuses a municipality, a wrong act type and an availability after the latest day', () => {
    const refusal = (e: SttmEvent, s = ready()) => sttmNextState(s, e, facts);
    expect(refusal({ type: 'approve-preliminary', actor: comune, act: act('decree', '2023-09-01') }, initialSttmStatus())).toMatchObject({
      code: 'forbidden',
    });
    expect(
      refusal({ type: 'approve-preliminary', actor: officer, act: act('resolution', '2023-09-01') }, initialSttmStatus()),
    ).toMatchObject({ code: 'invalid-input' });
    const late = refusal({ type: 'make-available', actor: officer, act: act('notice', '2023-10-04') });
    expect(isRefusal(late) && late.text?.it).toMatch(/ultimo giorno utile è il 03\/10\/2023/);
    expect(isRefusal(late) && late.message).toMatch(/last possible day is 2023-10-03/);
    expect(refusal({ type: 'make-available', actor: officer, act: act('notice', '2023-10-03') })).toBe('proposal-available');
  });

  it('needs the VAS exclusion before the availability, and stops on subjection', () => {
    const noVas = run([
      { type: 'plan-adoption', actor: officer, schedule },
      { type: 'approve-preliminary', actor: officer, act: act('decree', '2023-09-01') },
    ]);
    expect(sttmNextState(noVas, { type: 'make-available', actor: officer, act: act('notice', '2023-10-01') }, facts)).toMatchObject({
      code: 'invalid-state',
    });
    expect(run([{ type: 'vas-concluded', outcome: 'subjected' }], noVas).state).toBe('vas-subjected');
  });

  it('checks an adoption date against the recorded availability and conferenza dates', () => {
    expect(adoptionProblem({ availableOn: '2023-10-03', conferenzaOn: '2023-10-18' }, schedule)).toBeNull();
    expect(adoptionProblem({ availableOn: '2023-10-04', conferenzaOn: '2023-10-18' }, schedule)).toMatchObject({
      it: expect.stringMatching(/entro il 03\/10\/2023/),
      en: expect.stringMatching(/by 2023-10-03/),
    });
    expect(adoptionProblem({ availableOn: null, conferenzaOn: '2023-10-17' }, schedule)?.it).toMatch(/fuori dalla finestra/);
  });

  it('refuses the final approval while an observation has no controdeduzione', () => {
    const s = run(
      [
        { type: 'make-available', actor: officer, act: act('notice', '2023-10-02') },
        { type: 'convoke-conferenza', actor: officer, act: act('notice', '2023-10-02'), meetingDate: '2023-10-18' },
        { type: 'hold-conferenza', actor: officer, act: act('minutes', '2023-10-18') },
        { type: 'adopt', actor: officer, act: act('resolution', '2023-11-17'), schedule },
        { type: 'publish-adoption', actor: officer, act: act('notice', '2023-11-20') },
        {
          type: 'record-observation',
          actor: officer,
          observationId: 'OSS-1',
          from: 'A',
          text: 't',
          documentIds: [],
          receivedOn: '2023-12-01',
        },
        { type: 'osservazioni-closed' },
      ],
      ready(),
    );
    const final: SttmEvent = { type: 'approve-final', actor: manager, act: act('resolution', '2024-02-28') };
    expect(sttmNextState(s, final, facts)).toMatchObject({ code: 'invalid-state', message: expect.stringMatching(/OSS-1/) });
    const answered = run(
      [{ type: 'record-controdeduzione', actor: officer, observationId: 'OSS-1', outcome: 'respinta', text: 'motivi' }],
      s,
    );
    expect(sttmNextState(answered, final, facts)).toBe('approved');
  });
});

describe('STTM osservazioni trigger', () => {
  const adopted = (trigger: 'albo-publication' | 'burl-notice' | undefined) => {
    const f = { halved: true, osservazioniTrigger: trigger };
    const s = [
      { type: 'plan-adoption', actor: officer, schedule },
      { type: 'approve-preliminary', actor: officer, act: act('decree', '2023-09-01') },
      { type: 'vas-concluded', outcome: 'excluded' },
      { type: 'make-available', actor: officer, act: act('notice', '2023-10-02') },
      { type: 'convoke-conferenza', actor: officer, act: act('notice', '2023-10-02'), meetingDate: '2023-10-18' },
      { type: 'hold-conferenza', actor: officer, act: act('minutes', '2023-10-18') },
      { type: 'adopt', actor: officer, act: act('resolution', '2023-11-17'), schedule },
      { type: 'publish-adoption', actor: officer, act: act('notice', '2023-11-20') },
    ].reduce((status, e) => applySttmEvent(status, e as SttmEvent, f), initialSttmStatus());
    return { s, f };
  };

  it('opens the osservazioni on the albo publication by default and in procedures started before the choice', () => {
    expect(adopted(undefined).s.state).toBe('osservazioni');
    expect(adopted('albo-publication').s.state).toBe('osservazioni');
    const { s, f } = adopted('albo-publication');
    expect(sttmNextState(s, { type: 'publish-burl-notice', actor: officer, act: act('notice', '2023-11-25') }, f)).toMatchObject({
      code: 'invalid-state',
    });
  });

  it('waits for a BURL notice not earlier than the albo publication under the BURL trigger', () => {
    const { s, f } = adopted('burl-notice');
    expect(s).toMatchObject({ state: 'adoption-published', adoptionPublishedOn: '2023-11-20' });
    expect(
      sttmNextState(
        s,
        {
          type: 'record-observation',
          actor: officer,
          observationId: 'OSS-1',
          from: 'A',
          text: 't',
          documentIds: [],
          receivedOn: '2023-11-21',
        },
        f,
      ),
    ).toMatchObject({ code: 'invalid-state' });
    expect(sttmNextState(s, { type: 'publish-burl-notice', actor: officer, act: act('notice', '2023-11-19') }, f)).toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/^act\.date: /),
    });
    expect(sttmNextState(s, { type: 'publish-burl-notice', actor: comune, act: act('notice', '2023-11-29') }, f)).toMatchObject({
      code: 'forbidden',
    });
    expect(sttmNextState(s, { type: 'publish-burl-notice', actor: officer, act: act('resolution', '2023-11-29') }, f)).toMatchObject({
      code: 'invalid-input',
    });
    expect(sttmNextState(s, { type: 'publish-burl-notice', actor: officer, act: act('notice', '2023-11-29') }, f)).toBe('osservazioni');
  });
});

describe('VAS screening state machine', () => {
  it('follows the order of note 3 and lets only a manager sign the decree', () => {
    const notice = { type: 'record-step' as const, actor: officer, step: 'authorities-notice' as const, act: act('notice', '2023-06-01') };
    expect(vasNextState(initialVasStatus(), notice)).toMatchObject({ code: 'invalid-state' });
    const s = [
      { type: 'record-step' as const, actor: officer, step: 'sivas-deposit' as const, act: act('notice', '2023-06-01') },
      notice,
      { type: 'record-step' as const, actor: officer, step: 'vinca-request' as const, act: act('notice', '2023-06-01') },
      { type: 'record-step' as const, actor: officer, step: 'conferenza-di-verifica' as const, act: act('minutes', '2023-07-01') },
    ].reduce((status, e) => applyVasEvent(status, e), initialVasStatus());
    const decide = { type: 'decide' as const, actor: officer, outcome: 'excluded' as const, act: act('decree', '2023-09-15'), reasons: '' };
    const refused = vasNextState(s, decide);
    expect(isRefusal(refused) && refused.code).toBe('forbidden');
    expect(vasNextState(s, { ...decide, actor: manager })).toBe('excluded');
  });
});
