import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import i18next from '../i18n/i18n';

/** Renders with the app's real translations, in the language a test asks for. */
export async function renderIn(language: 'it' | 'en', element: ReactElement) {
  await i18next.changeLanguage(language);
  return render(element);
}

/** The text a screen reader announces as the element's description (aria-describedby). */
export function descriptionOf(element: HTMLElement): string {
  return (element.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
    .join(' ');
}
