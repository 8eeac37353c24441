import { type ReactNode, createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';

type Announce = (message: string) => void;

const AnnouncerContext = createContext<Announce>(() => undefined);

/** Long enough for screen readers to notice the region was emptied before the new text arrives. */
const REANNOUNCE_DELAY_MS = 50;

/**
 * One polite live region for the results of asynchronous work (saved, uploaded, N results):
 * the kit's toast renders with the legacy ReactDOM.render, so the app keeps its own.
 */
export function Announcer({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const pending = useRef<number | undefined>(undefined);
  // A message still waiting when the page goes away must not set state on an unmounted tree.
  useEffect(() => () => window.clearTimeout(pending.current), []);
  const announce = useCallback<Announce>((next) => {
    // Clearing first makes a repeated message be read again; a newer message replaces a waiting one.
    window.clearTimeout(pending.current);
    setMessage('');
    pending.current = window.setTimeout(() => {
      pending.current = undefined;
      setMessage(next);
    }, REANNOUNCE_DELAY_MS);
  }, []);
  return (
    <AnnouncerContext.Provider value={announce}>
      {children}
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {message}
      </div>
    </AnnouncerContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnouncerContext);
}
