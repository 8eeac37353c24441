/**
 * The page a mayor's office opens from the link in a convocation: no login, one form, Italian
 * first (`?lang=en` for English). Server-rendered so it works in any mail client's browser.
 */
type Lang = 'it' | 'en';

const TEXT = {
  title: { it: 'Conferenza di concertazione — risposta alla convocazione', en: 'Concertation conference — answer to the convocation' },
  for: { it: 'Comune', en: 'Municipality' },
  session: { it: 'Seduta', en: 'Session' },
  place: { it: 'Luogo', en: 'Place' },
  link: { it: 'Collegamento', en: 'Video link' },
  confirm: { it: 'Confermo la partecipazione del Sindaco', en: 'The Mayor will attend' },
  decline: { it: 'Non parteciperemo', en: 'We will not attend' },
  delegate: { it: 'Partecipa un delegato', en: 'A delegate will attend' },
  name: { it: 'Nome e cognome del delegato', en: "Delegate's full name" },
  role: { it: 'Ruolo', en: 'Role' },
  email: { it: 'Email', en: 'Email' },
  send: { it: 'Invia la risposta', en: 'Send the answer' },
  once: {
    it: 'Il collegamento vale una sola risposta, fino al termine della seduta.',
    en: 'The link takes one answer, until the session ends.',
  },
  fix: {
    it: 'La risposta non è stata registrata: correggere i campi indicati.',
    en: 'The answer was not recorded: correct the fields shown.',
  },
  done: { it: 'Risposta registrata. Grazie.', en: 'Answer recorded. Thank you.' },
} as const;

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const romeTime = (iso: string, lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Rome' }).format(
    new Date(iso),
  );

export interface AnswerPageData {
  reference: string | null;
  subject: string;
  municipality: string;
  session: { startsAt: string; endsAt: string; place: string | null; videoLink: string | null };
}

function layout(lang: Lang, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(TEXT.title[lang])}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
fieldset{border:1px solid #bbb;padding:1rem}label{display:block;margin:.4rem 0}input[type=text],input[type=email]{width:100%;padding:.3rem}
button{margin-top:1rem;padding:.5rem 1rem}.note{color:#555;font-size:.9rem}.error{color:#a00;font-weight:bold;margin:.2rem 0}</style></head>
<body><h1>${escape(TEXT.title[lang])}</h1>${body}</body></html>`;
}

/** What the user sent and what was wrong with it, per field (answer, delegateName, delegateRole, delegateEmail). */
export interface AnswerFormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

export function answerFormPage(
  lang: Lang,
  data: AnswerPageData,
  action: string,
  state: AnswerFormState = { values: {}, errors: {} },
): string {
  const facts = [
    [TEXT.for[lang], data.municipality],
    [TEXT.session[lang], `${romeTime(data.session.startsAt, lang)} (${data.reference ?? ''})`],
    ...(data.session.place ? [[TEXT.place[lang], data.session.place]] : []),
    ...(data.session.videoLink ? [[TEXT.link[lang], data.session.videoLink]] : []),
  ];
  const { values, errors } = state;
  // The error sits next to its field, and the field points to it, so a screen reader reads both.
  const error = (field: string) => (errors[field] ? `<p class="error" id="${field}-error">${escape(errors[field])}</p>` : '');
  const invalid = (field: string) => (errors[field] ? ` aria-invalid="true" aria-describedby="${field}-error"` : '');
  const radio = (value: string, label: string, required = false) =>
    `<label><input type="radio" name="answer" value="${value}"${required ? ' required' : ''}${values.answer === value ? ' checked' : ''}${invalid('answer')}> ${escape(label)}</label>`;
  const text = (field: string, type: 'text' | 'email', label: string, max: number) =>
    `<label>${escape(label)} <input type="${type}" name="${field}" maxlength="${max}" value="${escape(values[field] ?? '')}"${invalid(field)}></label>${error(field)}`;
  const other = Object.entries(errors).filter(([field]) => !['answer', 'delegateName', 'delegateRole', 'delegateEmail'].includes(field));
  return layout(
    lang,
    `<p><strong>${escape(data.subject)}</strong></p>
<dl>${facts.map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`).join('')}</dl>
${Object.keys(errors).length > 0 ? `<p role="alert" class="error">${escape(TEXT.fix[lang])}</p>` : ''}${other.map(([field, message]) => `<p class="error">${escape(field)}: ${escape(message)}</p>`).join('')}
<form method="post" action="${escape(action)}"><fieldset>
${error('answer')}${radio('confirmed', TEXT.confirm[lang], true)}
${radio('declined', TEXT.decline[lang])}
${radio('delegated', TEXT.delegate[lang])}
${text('delegateName', 'text', TEXT.name[lang], 200)}
${text('delegateRole', 'text', TEXT.role[lang], 200)}
${text('delegateEmail', 'email', TEXT.email[lang], 320)}
<button type="submit">${escape(TEXT.send[lang])}</button></fieldset></form>
<p class="note">${escape(TEXT.once[lang])}</p>`,
  );
}

const ANSWER_WORDS: Record<string, Record<Lang, string>> = {
  confirmed: { it: 'partecipa il Sindaco', en: 'the Mayor attends' },
  declined: { it: 'non parteciperà', en: 'will not attend' },
  delegated: { it: 'partecipa un delegato', en: 'a delegate attends' },
  pending: { it: 'nessuna risposta', en: 'no answer' },
};

/** One line saying what the municipality answered, with the delegate and when. */
export function recordedAnswerText(
  attendance: { answer: string; delegate?: { name: string; role: string; email: string } | null; answeredAt?: string | null },
  lang: Lang,
): string {
  const words = ANSWER_WORDS[attendance.answer]?.[lang] ?? attendance.answer;
  const delegate = attendance.delegate ? ` (${attendance.delegate.name}, ${attendance.delegate.role}, ${attendance.delegate.email})` : '';
  const when = attendance.answeredAt ? ` — ${romeTime(attendance.answeredAt, lang)}` : '';
  return `${lang === 'it' ? 'Risposta registrata' : 'Recorded answer'}: ${words}${delegate}${when}`;
}

export function answerDonePage(lang: Lang, recorded: string | null = null): string {
  return layout(lang, `<p role="status">${escape(TEXT.done[lang])}</p>${recorded ? `<p>${escape(recorded)}</p>` : ''}`);
}

export function answerProblemPage(lang: Lang, message: string): string {
  return layout(lang, `<p role="alert">${escape(message)}</p>`);
}
