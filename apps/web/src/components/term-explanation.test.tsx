import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderIn } from '../test/render';
import { TermExplanation } from './term-explanation';

describe('TermExplanation', () => {
  const explained = {
    start: '2027-01-11',
    nominal: '2027-10-04',
    deadline: '2027-10-05',
    suspensions: [{ from: '2027-02-01', to: '2027-02-20', days: 19, basis: 'L. 241/1990 art. 2 c.7' }],
    shifts: [
      {
        from: '2027-10-04',
        to: '2027-10-05',
        reason: { it: "2027-10-04 è festivo (San Francesco d'Assisi)", en: '2027-10-04 is a holiday (Saint Francis of Assisi)' },
      },
    ],
    steps: [{ it: 'Termine di 120 giorni dal 2027-01-11', en: '120-day term from 2027-01-11' }],
  };

  it('explains start, suspension with its legal basis, the holiday passed over and the due date, in Italian with dd/mm/yyyy', async () => {
    await renderIn('it', <TermExplanation {...explained} />);
    expect(screen.getByText('Decorrenza: 11/01/2027').textContent).toBeTruthy();
    expect(screen.getByText('Sospeso dal 01/02/2027 al 20/02/2027 (19 giorni): L. 241/1990 art. 2 c.7').textContent).toBeTruthy();
    expect(screen.getByText('Scadenza nominale: 04/10/2027').textContent).toBeTruthy();
    expect(
      screen.getByText("Spostata dal 04/10/2027 al 05/10/2027: 04/10/2027 è festivo (San Francesco d'Assisi)").textContent,
    ).toBeTruthy();
    expect(screen.getByText('Scadenza effettiva: 05/10/2027').textContent).toBeTruthy();
    expect(screen.getByText('Termine di 120 giorni dal 11/01/2027').textContent).toBeTruthy();
  });

  it("shows the calendar's English text when the reader switched to English", async () => {
    await renderIn('en', <TermExplanation {...explained} />);
    expect(
      screen.getByText('Moved from 04/10/2027 to 05/10/2027: 04/10/2027 is a holiday (Saint Francis of Assisi)').textContent,
    ).toBeTruthy();
    expect(screen.getByText('120-day term from 11/01/2027').textContent).toBeTruthy();
  });

  it('shows a suspension still running without an end date', async () => {
    await renderIn('it', <TermExplanation suspensions={[{ from: '2027-02-01', basis: 'L. 241/1990 art. 2 c.7' }]} />);
    expect(screen.getByText('Sospeso dal 01/02/2027, sospensione in corso: L. 241/1990 art. 2 c.7').textContent).toBeTruthy();
  });

  it('shows a closed suspension without a day count when the API gives none', async () => {
    await renderIn('it', <TermExplanation suspensions={[{ from: '2027-02-01', to: '2027-02-20', basis: 'Richiesta di integrazioni' }]} />);
    expect(screen.getByText('Sospeso dal 01/02/2027 al 20/02/2027: Richiesta di integrazioni')).toBeTruthy();
  });

  it("keeps the due time in Rome's words and leaves out the recorded UTC instant", async () => {
    await renderIn(
      'it',
      <TermExplanation steps={[{ it: 'Scadenza: 2027-04-01, fino alle 23:59:59.999 ora di Roma (2027-04-01T21:59:59.999Z)', en: 'x' }]} />,
    );
    expect(screen.getByText('Scadenza: 01/04/2027, fino alle 23:59:59.999 ora di Roma').textContent).toBeTruthy();
  });

  it('says so when there is nothing to explain', async () => {
    await renderIn('it', <TermExplanation />);
    expect(screen.getByText('Spiegazione non disponibile.').textContent).toBeTruthy();
  });
});
