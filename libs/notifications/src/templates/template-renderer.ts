import { type BilingualLabel, readableId } from '@cmm/domain';
import type { Locale, TemplateId } from '../notification.types';
import { TEMPLATES } from './template-catalog';
import { TemplateData, escapeHtml, formatDate } from './template-data';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const LABELS = {
  it: {
    greeting: (name: string | null) => (name ? `Gentile ${name},` : 'Gentile destinatario,'),
    case: 'Pratica',
    deadline: 'Scadenza',
    legalSource: 'Riferimento normativo',
    link: 'Apri la pratica',
    footer:
      'Messaggio inviato automaticamente dal sistema dei procedimenti del PTM della Città metropolitana di Milano. Le date sono espresse nel fuso orario di Roma.',
  },
  en: {
    greeting: (name: string | null) => (name ? `Dear ${name},` : 'Dear recipient,'),
    case: 'Case',
    deadline: 'Deadline',
    legalSource: 'Legal source',
    link: 'Open the case',
    footer: 'Message sent automatically by the PTM procedure system of the Città metropolitana di Milano. Dates are in the Rome time zone.',
  },
} as const;

const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ').trim();

/**
 * Renders a notice: subject, plain text and HTML with the same content. Every value from
 * the data is escaped in HTML; the subject is one line (no header injection).
 */
export function renderTemplate(
  templateId: TemplateId,
  locale: Locale,
  rawData: Record<string, unknown>,
  recipient: { name?: string | null } = {},
): RenderedMessage {
  const texts = TEMPLATES[templateId];
  if (!texts) throw new Error(`unknown template ${templateId}`);
  const data = new TemplateData(rawData ?? {});
  const labels = LABELS[locale] ?? LABELS.it;
  const content = texts(data, locale);

  const facts: [string, string][] = [];
  if (data.text('caseReference'))
    facts.push([labels.case, `${data.text('caseReference')}${data.text('caseTitle') ? ` – ${data.text('caseTitle')}` : ''}`]);
  const deadline = data.object('deadline');
  if (deadline?.text('date')) facts.push([labels.deadline, formatDate(deadline.text('date')) as string]);
  if (deadline?.text('legalSource')) facts.push([labels.legalSource, deadline.text('legalSource') as string]);
  facts.push(...(content.facts ?? []));
  const caseUrl = data.text('caseUrl');

  const greeting = labels.greeting(recipient.name ?? null);
  const text = [
    greeting,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.items?.length ? [...content.items.map((i) => `- ${i.text}${i.url ? `\n  ${i.url}` : ''}`), ''] : []),
    ...facts.map(([label, value]) => `${label}: ${value}`),
    ...(caseUrl ? [`${labels.link}: ${caseUrl}`] : []),
    '',
    '--',
    labels.footer,
    '',
  ].join('\n');

  const html = [
    `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(oneLine(content.subject))}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.4">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(content.items?.length
      ? [
          '<ul>',
          ...content.items.map(
            (i) => `<li>${i.url ? `<a href="${escapeHtml(i.url)}">${escapeHtml(i.text)}</a>` : escapeHtml(i.text)}</li>`,
          ),
          '</ul>',
        ]
      : []),
    ...(facts.length
      ? [
          '<table>',
          ...facts.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`),
          '</table>',
        ]
      : []),
    ...(caseUrl ? [`<p><a href="${escapeHtml(caseUrl)}">${escapeHtml(labels.link)}</a></p>`] : []),
    `<hr><p style="font-size: smaller; color: #555">${escapeHtml(labels.footer)}</p>`,
    '</body></html>',
  ].join('\n');

  return { subject: oneLine(content.subject), text, html };
}

/**
 * A notice's subject in both languages, as its template writes it for the stored data: what the
 * recipient read (in the notice's own locale), shown where notices are listed. A template id
 * this version does not know reads as its readable form, never an error.
 */
export function noticeSubject(templateId: string, rawData: Record<string, unknown> | null | undefined): BilingualLabel {
  if (!Object.hasOwn(TEMPLATES, templateId)) return readableId(templateId);
  const texts = TEMPLATES[templateId as TemplateId];
  const data = new TemplateData(rawData && typeof rawData === 'object' ? rawData : {});
  return { it: oneLine(texts(data, 'it').subject), en: oneLine(texts(data, 'en').subject) };
}
