import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Announcer, useAnnounce } from './announcer';

function Trigger({ messages }: { messages: string[] }) {
  const announce = useAnnounce();
  return (
    <button type="button" onClick={() => messages.forEach(announce)}>
      annuncia
    </button>
  );
}

describe('Announcer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads the last of several quick messages, once', () => {
    vi.useFakeTimers();
    render(
      <Announcer>
        <Trigger messages={['Salvato', 'Caricato']} />
      </Announcer>,
    );
    act(() => screen.getByRole('button').click());
    expect(screen.getByTestId('announcer').textContent).toBe('');
    act(() => vi.runAllTimers());
    expect(screen.getByTestId('announcer').textContent).toBe('Caricato');
  });

  it('drops a waiting message when the page goes away', () => {
    vi.useFakeTimers();
    const { unmount } = render(
      <Announcer>
        <Trigger messages={['Salvato']} />
      </Announcer>,
    );
    act(() => screen.getByRole('button').click());
    unmount();
    // The unmounted tree's timer would otherwise set state after the test environment is gone.
    expect(vi.getTimerCount()).toBe(0);
  });
});
