import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderIn } from '../test/render';
import { DaysLeft } from './days-left';

describe('DaysLeft', () => {
  it('counts calendar days from today in Rome and shows the working days the API computed', async () => {
    await renderIn('it', <DaysLeft dueDate="2027-01-12" status="running" workingDaysLeft={8} today="2027-01-02" />);
    expect(screen.getByText('10 giorni (8 giorni lavorativi)').textContent).toBeTruthy();
  });

  it('uses singular forms for one day', async () => {
    await renderIn('it', <DaysLeft dueDate="2027-01-03" status="running" workingDaysLeft={1} today="2027-01-02" />);
    expect(screen.getByText('1 giorno (1 giorno lavorativo)').textContent).toBeTruthy();
  });

  it('says a term due today and an overdue term in words, not by colour alone', async () => {
    const { unmount } = await renderIn('it', <DaysLeft dueDate="2027-01-02" status="running" workingDaysLeft={0} today="2027-01-02" />);
    expect(screen.getByText('Scade oggi').textContent).toBeTruthy();
    unmount();
    await renderIn('it', <DaysLeft dueDate="2026-12-30" status="expired" today="2027-01-02" />);
    expect(screen.getByText('Scaduto da 3 giorni').textContent).toBeTruthy();
  });

  it('prefers the calendar days the API gives over its own count', async () => {
    await renderIn('en', <DaysLeft dueDate="2027-01-12" status="running" calendarDaysLeft={4} workingDaysLeft={3} today="2027-01-02" />);
    expect(screen.getByText('4 days (3 working days)').textContent).toBeTruthy();
  });

  it('does not count down a suspended or met term', async () => {
    const { container } = await renderIn('it', <DaysLeft dueDate="2027-01-12" status="suspended" today="2027-01-02" />);
    expect(container.textContent).toBe('—');
  });
});
