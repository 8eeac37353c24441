/** RFC 9457 (formerly 7807) problem details, the error body of every API response. */
export interface InvalidParam {
  name: string;
  rule: string;
  reason: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  'invalid-params'?: InvalidParam[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export type Locale = 'it' | 'en';

/** Text users read: Italian first; English when the client asks for it. */
export type LocalizedText = string | { it: string; en: string };

export const textFor = (text: LocalizedText, locale: Locale): string => (typeof text === 'string' ? text : text[locale]);

// Italian first: a municipality's clerk reads these; English when the client asks for it.
const TITLES: Record<number, Record<Locale, string>> = {
  200: { it: 'Servizio disponibile', en: 'Service available' },
  400: { it: 'Richiesta non valida', en: 'Bad request' },
  401: { it: 'Autenticazione richiesta', en: 'Authentication required' },
  403: { it: 'Operazione non consentita', en: 'Forbidden' },
  404: { it: 'Risorsa non trovata', en: 'Not found' },
  405: { it: 'Metodo non consentito su questa risorsa', en: 'Method not allowed' },
  409: { it: 'Operazione non ammessa nello stato attuale', en: 'Conflict with the current state' },
  410: { it: 'Risorsa non più disponibile', en: 'Gone' },
  413: { it: 'Contenuto troppo grande', en: 'Payload too large' },
  415: { it: 'Tipo di contenuto non supportato', en: 'Unsupported media type' },
  416: { it: 'Intervallo richiesto non disponibile', en: 'Range not satisfiable' },
  422: { it: 'Dati non validi', en: 'Unprocessable content' },
  429: { it: 'Troppe richieste', en: 'Too many requests' },
  500: { it: 'Errore interno', en: 'Internal server error' },
  503: { it: 'Servizio non disponibile', en: 'Service unavailable' },
  504: { it: 'Tempo di attesa scaduto', en: 'Gateway timeout' },
};

export const localeFrom = (acceptLanguage: string | undefined): Locale =>
  acceptLanguage && /^\s*en\b/i.test(acceptLanguage) ? 'en' : 'it';

export const titleFor = (status: number, locale: Locale): string => (TITLES[status] ?? TITLES[status >= 500 ? 500 : 400])[locale];
