import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { components } from '../api/schema';
import { renderIn } from '../test/render';
import { TimelineTable } from './timeline-table';

type TimelineEvent = components['schemas']['TimelineEventDto'];

const event = (seq: number, type: string, label: { it: string; en: string }, actor: TimelineEvent['actor']): TimelineEvent => ({
  seq,
  occurredAt: '2027-03-02T08:00:00.000Z',
  actor,
  type,
  label,
  payload: {},
  hash: 'h'.repeat(64),
  prevHash: '0'.repeat(64),
});

const events: TimelineEvent[] = [
  event(
    1,
    'submission-received',
    { it: 'Documentazione ricevuta e protocollata', en: 'Submission received and registered' },
    { subject: 'comune-015146', role: 'comune' },
  ),
  event(
    2,
    'registered',
    { it: 'Procedimento avviato: decorre il termine per il parere', en: 'Procedure started: the opinion term runs' },
    { subject: 'system:workflow', role: 'system' },
  ),
];

const rowsOf = () =>
  within(screen.getByRole('table', { name: /eventi|events/i }))
    .getAllByRole('row')
    .slice(1);

describe('TimelineTable', () => {
  it('names each event as the API words it, in Italian, never by its type', async () => {
    await renderIn('it', <TimelineTable events={events} caption="Eventi della pratica" />);
    const [first, second] = rowsOf();
    expect(within(first).getByRole('rowheader').textContent).toBe('Documentazione ricevuta e protocollata');
    expect(within(second).getByRole('rowheader').textContent).toBe('Procedimento avviato: decorre il termine per il parere');
    expect(screen.getByRole('table').textContent).not.toMatch(/submission-received|registered\b/);
  });

  it('shows the English words when the page is in English', async () => {
    await renderIn('en', <TimelineTable events={events} caption="Events of the case" />);
    expect(rowsOf().map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'Submission received and registered',
      'Procedure started: the opinion term runs',
    ]);
  });

  it('shows a person with the role in words, and the engine’s own steps as "Sistema" without its component id', async () => {
    await renderIn('it', <TimelineTable events={events} caption="Eventi della pratica" />);
    const [first, second] = rowsOf();
    expect(first.children[3]?.textContent).toBe('comune-015146 (Comune)');
    expect(second.children[3]?.textContent).toBe('Sistema');
  });

  it("shows what people wrote with the step: the integration's missing items, note and answer term", async () => {
    const request = {
      ...event(
        3,
        'request-integration',
        { it: 'Integrazioni richieste al Comune', en: 'Additional documents requested' },
        { subject: 'funzionario1', role: 'officer' },
      ),
      payload: {
        missing: ['Relazione geologica', 'Tavola dei vincoli'],
        note: 'Via PEC.',
        answerDueDate: '2027-04-01',
        documentId: 'd-1',
        hash: 'x',
      },
    };
    await renderIn('it', <TimelineTable events={[request]} caption="Eventi della pratica" />);
    const details = within(rowsOf()[0]).getAllByRole('cell').pop();
    expect(details?.textContent).toBe(
      'Elementi mancanti: Relazione geologica; Tavola dei vincoliNote: Via PEC.Termine per la risposta: 01/04/2027',
    );
  });

  it('shows who signed an uploaded document and when ("Firmato da … il …"), with how the signature verified', async () => {
    const uploaded = {
      ...event(
        4,
        'document-uploaded',
        { it: 'Documento caricato', en: 'Document uploaded' },
        { subject: 'sindaco-rozzano', role: 'mayor_office' },
      ),
      payload: {
        filename: 'accordo.pdf.p7m',
        signatures: [
          {
            status: 'valid-trusted',
            signer: 'Mario Rossi',
            fiscalCode: 'RSSMRA80A01F205X',
            signingTime: '2026-12-03T09:30:00.000Z',
            qualified: true,
          },
          { status: 'valid-untrusted', signer: 'Luca Verdi', fiscalCode: null, signingTime: null, qualified: false },
        ],
      },
    };
    const italian = await renderIn('it', <TimelineTable events={[uploaded]} caption="Eventi della pratica" />);
    expect(rowsOf()[0].children[4]?.textContent).toBe(
      'Firmato da Mario Rossi (RSSMRA80A01F205X) il 03/12/2026 · Firma validaFirmato da Luca Verdi · Catena non fidata',
    );
    italian.unmount();
    await renderIn('en', <TimelineTable events={[uploaded]} caption="Events of the case" />);
    expect(screen.getAllByText(/^Signed by Mario Rossi \(RSSMRA80A01F205X\) on 03\/12\/2026 · Valid signature$/)).toHaveLength(1);
  });
});
