import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

let firstPage = true;

/**
 * The page's only h1. After a route change focus moves to it, so keyboard and screen-reader
 * users start reading the new page instead of staying on the link they followed; the first
 * page of a visit keeps the browser's natural start (the skip link).
 */
export function PageHeading({ children, title }: { children: ReactNode; title?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { t } = useTranslation();
  const text = title ?? (typeof children === 'string' ? children : undefined);
  useEffect(() => {
    if (text) document.title = `${text} — ${t('app.title')} — ${t('app.owner')}`;
  }, [text, t]);
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="h2 mb-4" id="page-heading">
      {children}
    </h1>
  );
}
