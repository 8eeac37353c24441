import type { Locale, TemplateId } from '../notification.types';
import { type TemplateData, formatDate, formatDateTime } from './template-data';

/**
 * The texts of every notice, Italian first. A template gives a subject, its own paragraphs
 * and facts; the layout (template-renderer.ts) adds the greeting, the case reference, the
 * deadline with its legal source, the link to the case and the footer to all of them.
 *
 * Data every template reads when present: caseReference, caseTitle, caseUrl,
 * municipalityName, deadline { date, legalSource, label? }. Template-specific keys are named
 * in each entry.
 */
export interface TemplateContent {
  subject: string;
  paragraphs: string[];
  /** Extra label/value lines shown with the case facts. */
  facts?: [string, string][];
  /** officer-daily-digest: one line per case. */
  items?: { text: string; url: string | null }[];
}

type Texts = (d: TemplateData, locale: Locale) => TemplateContent;

const pick = (locale: Locale, it: string, en: string): string => (locale === 'it' ? it : en);
const ref = (d: TemplateData): string => d.text('caseReference') ?? '—';
const title = (d: TemplateData): string => (d.text('caseTitle') ? ` – ${d.text('caseTitle')}` : '');
// Producers send the name as `municipality` (the case row); older data used `municipalityName`.
const municipalityName = (d: TemplateData): string | null => d.text('municipalityName') ?? d.text('municipality');
const municipality = (d: TemplateData, locale: Locale): string =>
  municipalityName(d) ? pick(locale, ` del Comune di ${municipalityName(d)}`, ` of the Municipality of ${municipalityName(d)}`) : '';
const fact = (label: string, value: string | null): [string, string][] => (value ? [[label, value]] : []);
const protocolFact = (d: TemplateData, l: Locale, key = 'protocolNumber'): [string, string][] =>
  fact(pick(l, 'Protocollo', 'Registry number'), d.text(key));
/** The act the notice is about, as a link (documentUrl, documentName), or where to find it. */
const actParagraph = (d: TemplateData, l: Locale, what: { it: string; en: string }): string => {
  const url = d.text('documentUrl');
  const name = d.text('documentName') ? ` (${d.text('documentName')})` : '';
  return url
    ? pick(l, `${what.it}${name} si può scaricare da: ${url}`, `${what.en}${name} can be downloaded from: ${url}`)
    : pick(l, `${what.it} è disponibile tra i documenti della pratica.`, `${what.en} is among the documents of the case.`);
};
const conferenceFacts = (d: TemplateData, l: Locale): [string, string][] =>
  fact(pick(l, 'Oggetto', 'Subject'), d.text('conferenceSubject'));
const deadlineDate = (d: TemplateData): string => formatDate(d.object('deadline')?.text('date') ?? null) ?? '—';
const deadlineLabel = (d: TemplateData, locale: Locale): string | null =>
  d.object('deadline')?.localised('label', locale) ?? d.localised('deadlineLabel', locale);

/** session: { start, end?, location? } (instants), used by the conference templates. */
const sessionFacts = (d: TemplateData, locale: Locale): [string, string][] => {
  const session = d.object('session');
  if (!session) return [];
  const facts: [string, string][] = [];
  const start = formatDateTime(session.text('start'));
  const end = formatDateTime(session.text('end'));
  // The end on the same day shows as its time only.
  const until = end ? ` – ${end.slice(0, 10) === start?.slice(0, 10) ? end.slice(11) : end}` : '';
  if (start) facts.push([pick(locale, 'Seduta', 'Session'), `${start}${until} (${pick(locale, 'ora di Roma', 'Rome time')})`]);
  if (session.text('location')) facts.push([pick(locale, 'Luogo', 'Place'), session.text('location') as string]);
  if (session.text('link')) facts.push([pick(locale, 'Collegamento', 'Link'), session.text('link') as string]);
  return facts;
};

/** session: { date (civil), time (HH:mm in Rome), location, link } or the instant `start` of the conference templates. */
const conferenzaSessionFacts = (d: TemplateData, locale: Locale): [string, string][] => {
  const session = d.object('session');
  if (!session || session.text('start')) return sessionFacts(d, locale);
  const facts: [string, string][] = [];
  const date = formatDate(session.text('date'));
  const time = session.text('time');
  if (date) facts.push([pick(locale, 'Seduta', 'Session'), time ? `${date} ${time} (${pick(locale, 'ora di Roma', 'Rome time')})` : date]);
  if (session.text('location')) facts.push([pick(locale, 'Luogo', 'Place'), session.text('location') as string]);
  if (session.text('link')) facts.push([pick(locale, 'Collegamento', 'Link'), session.text('link') as string]);
  return facts;
};

/** How the mayor's office answers a convocation: the single-use link, and by when. */
const answerParagraphs = (d: TemplateData, locale: Locale, kind: 'convocation' | 'update' = 'convocation'): string[] => {
  if (d.flag('delegateCopy')) {
    // The delegate named by a mayor's office: told whom they represent; the answer is the municipality's.
    const who = d.text('delegateFor') ?? pick(locale, 'un Comune convocato', 'a convened municipality');
    return [
      kind === 'update'
        ? pick(
            locale,
            `Ricevete questo aggiornamento come delegato di ${who}: per la nuova data il Comune deve rispondere di nuovo alla convocazione.`,
            `You receive this update as the delegate of ${who}: for the new date the municipality has to answer the convocation again.`,
          )
        : pick(
            locale,
            `Ricevete questo invito come delegato di ${who} alla seduta, come indicato dal Comune nella risposta alla convocazione.`,
            `You receive this invitation as the delegate of ${who} to the session, as the municipality named you in its answer to the convocation.`,
          ),
    ];
  }
  const url = d.text('answerUrl');
  const due = formatDate(d.text('answerDueDate'));
  const by = due ? pick(locale, ` entro il ${due}`, ` by ${due}`) : '';
  if (!url) {
    return [
      pick(
        locale,
        `Si prega di confermare la partecipazione o di indicare un delegato dalla pagina della pratica${by}.`,
        `Please confirm attendance or name a delegate from the case page${by}.`,
      ),
    ];
  }
  return [
    pick(
      locale,
      `Si prega di confermare la partecipazione, declinare o indicare un delegato${by}, anche senza accedere al sistema, da questo collegamento personale (valido una sola volta, fino al termine della seduta): ${url}`,
      `Please confirm attendance, decline or name a delegate${by}, without logging in, from this personal link (usable once, until the session ends): ${url}`,
    ),
  ];
};

const ATTENDANCE: Record<string, { it: string; en: string }> = {
  confirmed: { it: 'partecipazione confermata', en: 'attendance confirmed' },
  declined: { it: 'partecipazione declinata', en: 'attendance declined' },
  delegated: { it: 'partecipazione di un delegato', en: 'a delegate attending' },
};

/** A moved session needs a new answer: say so, and what was answered for the old date. */
const previousAnswerParagraph = (d: TemplateData, l: Locale): string => {
  const previous = d.object('previousAnswer');
  const answer = ATTENDANCE[previous?.text('answer') ?? ''];
  if (!previous || !answer) {
    return pick(
      l,
      'È necessaria una risposta alla convocazione per la nuova data.',
      'An answer to the convocation is needed for the new date.',
    );
  }
  const delegate = previous.text('delegateName') ? ` (${previous.text('delegateName')})` : '';
  const when = previous.text('answeredAt')
    ? pick(l, ` il ${formatDate(previous.text('answeredAt'))}`, ` on ${formatDate(previous.text('answeredAt'))}`)
    : '';
  return pick(
    l,
    `La risposta data per la data precedente${when} (${answer.it}${delegate}) resta agli atti ma non vale per la nuova data: è necessaria una nuova risposta.`,
    `The answer given for the previous date${when} (${answer.en}${delegate}) stays on record but does not hold for the new date: a new answer is needed.`,
  );
};

const OPINION_OUTCOMES: Record<string, { it: string; en: string }> = {
  favourable: { it: 'favorevole', en: 'favourable' },
  'favourable-with-prescriptions': { it: 'favorevole con prescrizioni', en: 'favourable with prescriptions' },
  unfavourable: { it: 'non favorevole', en: 'unfavourable' },
};

export const TEMPLATES: Record<TemplateId, Texts> = {
  // protocolNumber, receivedOn (civil) or receivedAt (instant), deadline { date, legalSource } = the procedure's term, counted from the receipt
  'submission-received': (d, l) => {
    const received = formatDate(d.text('receivedOn') ?? d.text('receivedAt'));
    const term = d.object('deadline');
    const on = received ? pick(l, ` del ${received}`, ` of ${received}`) : '';
    const source = term?.text('legalSource') ? ` (${term.text('legalSource')})` : '';
    return {
      subject: pick(l, `Ricevuta la documentazione – pratica ${ref(d)}`, `Submission received – case ${ref(d)}`),
      paragraphs: [
        pick(
          l,
          `La Città metropolitana di Milano ha ricevuto la documentazione${municipality(d, l)} per la pratica ${ref(d)}${title(d)}.`,
          `The Città metropolitana di Milano has received the documents${municipality(d, l)} for case ${ref(d)}${title(d)}.`,
        ),
        // The term runs from the receipt itself; a later request for documents suspends or interrupts it.
        ...(term?.text('date')
          ? [
              pick(
                l,
                `Il termine del procedimento decorre dalla ricezione${on} e scade il ${deadlineDate(d)}${source}, salvo sospensione o interruzione per richiesta di integrazioni.`,
                `The term of the procedure runs from the receipt${on} and ends on ${deadlineDate(d)}${source}, unless suspended or interrupted by a request for additional documents.`,
              ),
            ]
          : []),
        // The receipt filed on the case (documentUrl): the same facts with each document's SHA-256.
        ...(d.text('documentUrl') ? [actParagraph(d, l, { it: 'La ricevuta di presentazione', en: 'The submission receipt' })] : []),
      ],
      facts: [...protocolFact(d, l), ...fact(pick(l, 'Ricevuta il', 'Received on'), received)],
    };
  },
  // missing (what is missing: a list), note, effect (suspend | interrupt), deadline { date, legalSource } = the answer term; requestText (free text)
  'integration-requested': (d, l) => {
    const missing = d.texts('missing');
    return {
      subject: pick(l, `Richiesta di integrazioni – pratica ${ref(d)}`, `Request for additional documents – case ${ref(d)}`),
      paragraphs: [
        pick(
          l,
          `Per la pratica ${ref(d)}${title(d)} la Città metropolitana di Milano chiede di integrare la documentazione entro il ${deadlineDate(d)}.`,
          `For case ${ref(d)}${title(d)} the Città metropolitana di Milano asks for additional documents by ${deadlineDate(d)}.`,
        ),
        ...(d.localised('requestText', l) ? [d.localised('requestText', l) as string] : []),
        ...(d.text('note') ? [pick(l, `Nota dell'ufficio: ${d.text('note')}`, `Note from the office: ${d.text('note')}`)] : []),
        d.text('effect') === 'interrupt'
          ? pick(
              l,
              'Il termine del procedimento è interrotto e ricomincia a decorrere per intero dalla ricezione delle integrazioni (LR 12/2005 art. 14).',
              'The term of the procedure is interrupted and starts again in full when the documents arrive (LR 12/2005 art. 14).',
            )
          : pick(
              l,
              'Il termine del procedimento è sospeso fino alla ricezione delle integrazioni, una sola volta e per non più di 30 giorni (L. 241/1990 art. 2 c.7).',
              'The term of the procedure is suspended until the documents arrive, once and for at most 30 days (L. 241/1990 art. 2 c.7).',
            ),
        ...(missing.length > 0 ? [pick(l, 'Documentazione da integrare:', 'Documents to add:')] : []),
      ],
      items: missing.map((text) => ({ text, url: null })),
    };
  },
  // receivedAt
  'integration-received': (d, l) => ({
    subject: pick(l, `Integrazioni ricevute – pratica ${ref(d)}`, `Additional documents received – case ${ref(d)}`),
    paragraphs: [
      pick(
        l,
        `Abbiamo ricevuto le integrazioni per la pratica ${ref(d)}${title(d)}${d.text('receivedAt') ? ` il ${formatDate(d.text('receivedAt'))}` : ''}. Il termine del procedimento riprende a decorrere.`,
        `We received the additional documents for case ${ref(d)}${title(d)}${d.text('receivedAt') ? ` on ${formatDate(d.text('receivedAt'))}` : ''}. The term of the procedure runs again.`,
      ),
    ],
  }),
  // daysLeft, deadline.label
  'deadline-reminder': (d, l) => {
    const days = d.number('daysLeft');
    const when =
      days === 0
        ? pick(l, 'scade oggi', 'expires today')
        : days === 1
          ? pick(l, 'scade domani', 'expires tomorrow')
          : days !== null
            ? pick(l, `scade tra ${days} giorni`, `expires in ${days} days`)
            : pick(l, 'è in scadenza', 'is approaching');
    const label = deadlineLabel(d, l) ?? pick(l, 'Il termine', 'The deadline');
    return {
      subject: pick(
        l,
        `Promemoria scadenza ${deadlineDate(d)} – pratica ${ref(d)}`,
        `Deadline reminder ${deadlineDate(d)} – case ${ref(d)}`,
      ),
      paragraphs: [
        pick(
          l,
          `${label} della pratica ${ref(d)}${title(d)} ${when}, il ${deadlineDate(d)}.`,
          `${label} of case ${ref(d)}${title(d)} ${when}, on ${deadlineDate(d)}.`,
        ),
        // The ladder's rung (e.g. "Scadenza tra 7 giorni"), as the workflows send it.
        ...(d.localised('rung', l) ? [`${pick(l, 'Promemoria', 'Reminder')}: ${d.localised('rung', l)}`] : []),
      ],
    };
  },
  // deadline.label, effect
  'deadline-expired': (d, l) => ({
    subject: pick(
      l,
      `Termine scaduto il ${deadlineDate(d)} – pratica ${ref(d)}`,
      `Deadline expired on ${deadlineDate(d)} – case ${ref(d)}`,
    ),
    paragraphs: [
      pick(
        l,
        `${deadlineLabel(d, l) ?? 'Il termine'} della pratica ${ref(d)}${title(d)} è scaduto il ${deadlineDate(d)}.`,
        `${deadlineLabel(d, l) ?? 'The deadline'} of case ${ref(d)}${title(d)} expired on ${deadlineDate(d)}.`,
      ),
      ...(d.localised('effect', l) ? [d.localised('effect', l) as string] : []),
    ],
  }),
  // outcome (favourable | favourable-with-prescriptions | unfavourable), issuedAt, prescriptions (list), reasons, protocolNumber, documentUrl/documentName (the act)
  'opinion-issued': (d, l) => {
    const outcome = OPINION_OUTCOMES[d.text('outcome') ?? ''];
    // The API sends the prescriptions as a list; older data as one text (or { it, en }).
    const prescriptions =
      d.texts('prescriptions').length > 0 ? d.texts('prescriptions') : [d.localised('prescriptions', l)].filter((p): p is string => !!p);
    return {
      subject: pick(l, `Parere di compatibilità al PTM – pratica ${ref(d)}`, `PTM compatibility opinion – case ${ref(d)}`),
      paragraphs: [
        pick(
          l,
          `La Città metropolitana di Milano ha espresso il parere di compatibilità al PTM per la pratica ${ref(d)}${title(d)}${outcome ? `: ${outcome.it}` : ''}${d.text('issuedAt') ? `, in data ${formatDate(d.text('issuedAt'))}` : ''}${d.text('protocolNumber') ? `, protocollo n. ${d.text('protocolNumber')}` : ''}.`,
          `The Città metropolitana di Milano has issued its PTM compatibility opinion on case ${ref(d)}${title(d)}${outcome ? `: ${outcome.en}` : ''}${d.text('issuedAt') ? `, on ${formatDate(d.text('issuedAt'))}` : ''}${d.text('protocolNumber') ? `, registry number ${d.text('protocolNumber')}` : ''}.`,
        ),
        ...(prescriptions.length > 0
          ? [pick(l, `Prescrizioni: ${prescriptions.join('; ')}`, `Prescriptions: ${prescriptions.join('; ')}`)]
          : []),
        ...(d.localised('reasons', l)
          ? [pick(l, `Motivazione: ${d.localised('reasons', l)}`, `Reasons: ${d.localised('reasons', l)}`)]
          : []),
        actParagraph(d, l, { it: "L'atto del parere", en: 'The act of the opinion' }),
      ],
      facts: [...protocolFact(d, l), ...fact(pick(l, 'Esito', 'Outcome'), outcome ? pick(l, outcome.it, outcome.en) : null)],
    };
  },
  'silence-favourable': (d, l) => ({
    subject: pick(l, `Valutazione favorevole per silenzio – pratica ${ref(d)}`, `Evaluation deemed favourable on silence – case ${ref(d)}`),
    paragraphs: [
      pick(
        l,
        `Il termine per il parere sulla pratica ${ref(d)}${title(d)} è scaduto il ${deadlineDate(d)} senza che il parere sia stato espresso: la valutazione di compatibilità si intende favorevole (LR 12/2005, art. 13 c.5).`,
        `The term for the opinion on case ${ref(d)}${title(d)} expired on ${deadlineDate(d)} without an opinion: the compatibility evaluation is deemed favourable (LR 12/2005, art. 13 c.5).`,
      ),
    ],
  }),
  // session { start, location, link }, agenda
  // session, agenda, conferenceSubject, answerUrl (single-use link, no login), answerDueDate
  'conference-convocation': (d, l) => ({
    subject: pick(
      l,
      `Convocazione conferenza di concertazione – pratica ${ref(d)}`,
      `Concertation conference convocation – case ${ref(d)}`,
    ),
    paragraphs: [
      pick(
        l,
        `Siete convocati alla conferenza consultiva di concertazione (NdA PTM, art. 10) per la pratica ${ref(d)}${title(d)}. L'invito in allegato può essere aggiunto al calendario.`,
        `You are convened to the concertation conference (PTM NdA, art. 10) for case ${ref(d)}${title(d)}. The attached invitation can be added to your calendar.`,
      ),
      ...(d.localised('agenda', l)
        ? [pick(l, `Ordine del giorno: ${d.localised('agenda', l)}`, `Agenda: ${d.localised('agenda', l)}`)]
        : []),
      ...answerParagraphs(d, l),
    ],
    facts: [...conferenceFacts(d, l), ...sessionFacts(d, l)],
  }),
  // session, changes, answerUrl, answerDueDate, previousAnswer { answer, delegateName } (the answer given for the old date)
  'conference-update': (d, l) => ({
    subject: pick(l, `Aggiornamento conferenza di concertazione – pratica ${ref(d)}`, `Concertation conference update – case ${ref(d)}`),
    paragraphs: [
      pick(
        l,
        `La seduta della conferenza di concertazione per la pratica ${ref(d)}${title(d)} è stata modificata. L'invito in allegato sostituisce il precedente.`,
        `The concertation conference session for case ${ref(d)}${title(d)} has changed. The attached invitation replaces the previous one.`,
      ),
      ...(d.localised('changes', l) ? [d.localised('changes', l) as string] : []),
      ...(d.flag('delegateCopy') ? [] : [previousAnswerParagraph(d, l)]),
      ...answerParagraphs(d, l, 'update'),
    ],
    facts: [...conferenceFacts(d, l), ...sessionFacts(d, l)],
  }),
  // session, reason
  'conference-cancellation': (d, l) => ({
    subject: pick(l, `Annullamento seduta della conferenza – pratica ${ref(d)}`, `Conference session cancelled – case ${ref(d)}`),
    paragraphs: [
      pick(
        l,
        `La seduta della conferenza di concertazione per la pratica ${ref(d)}${title(d)} è annullata. L'invito in allegato la rimuove dal calendario.`,
        `The concertation conference session for case ${ref(d)}${title(d)} is cancelled. The attached notice removes it from your calendar.`,
      ),
      ...(d.localised('reason', l) ? [pick(l, `Motivo: ${d.localised('reason', l)}`, `Reason: ${d.localised('reason', l)}`)] : []),
    ],
    facts: [...conferenceFacts(d, l), ...sessionFacts(d, l)],
  }),
  // sttmNumber, sttmTitle, session { date, time (HH:mm, Rome) | start (instant), location, link }, availableOn, legalSource
  // sessionId
  'conference-minutes': (d, l) => ({
    subject: pick(
      l,
      `Verbale della conferenza di concertazione – pratica ${ref(d)}`,
      `Minutes of the concertation conference – case ${ref(d)}`,
    ),
    paragraphs: [
      pick(
        l,
        `È stato redatto il verbale della seduta della conferenza di concertazione per la pratica ${ref(d)}${title(d)}.`,
        `The minutes of the concertation conference session for case ${ref(d)}${title(d)} have been recorded.`,
      ),
      actParagraph(d, l, { it: 'Il verbale', en: 'The minutes' }),
      d.object('deadline')?.text('date')
        ? pick(
            l,
            `I contributi scritti del Comune possono essere presentati dalla pagina della pratica entro il ${deadlineDate(d)}.`,
            `The municipality's written contributions can be filed from the case page by ${deadlineDate(d)}.`,
          )
        : pick(
            l,
            'I contributi scritti del Comune possono essere presentati dalla pagina della pratica.',
            "The municipality's written contributions can be filed from the case page.",
          ),
    ],
    facts: conferenceFacts(d, l),
  }),
  // istatCode, note
  'conference-contribution': (d, l) => ({
    subject: pick(l, `Contributo scritto alla conferenza – pratica ${ref(d)}`, `Written contribution to the conference – case ${ref(d)}`),
    paragraphs: [
      pick(
        l,
        `È pervenuto un contributo scritto del Comune (codice ISTAT ${d.text('istatCode') ?? '—'}) alla conferenza di concertazione della pratica ${ref(d)}${title(d)}.`,
        `A written contribution from the municipality (ISTAT code ${d.text('istatCode') ?? '—'}) reached the concertation conference of case ${ref(d)}${title(d)}.`,
      ),
      ...(d.text('note') ? [d.text('note') as string] : []),
    ],
  }),
  // outcome (agreement-reached | agreement-not-reached | withdrawn), reasons
  'concertation-concluded': (d, l) => {
    const outcomes: Record<string, { it: string; en: string }> = {
      'agreement-reached': { it: 'accordo raggiunto', en: 'agreement reached' },
      'agreement-not-reached': { it: 'accordo non raggiunto', en: 'agreement not reached' },
      withdrawn: { it: 'conferenza ritirata', en: 'conference withdrawn' },
    };
    const outcome = outcomes[d.text('outcome') ?? ''];
    return {
      subject: pick(
        l,
        `Esito della conferenza di concertazione – pratica ${ref(d)}`,
        `Outcome of the concertation conference – case ${ref(d)}`,
      ),
      paragraphs: [
        pick(
          l,
          d.text('outcome') === 'withdrawn'
            ? `La conferenza di concertazione per la pratica ${ref(d)}${title(d)} è stata ritirata: il ritiro non è un esito. La concertazione resta aperta: registrare l'esito di una conferenza tenuta fuori dal sistema o convocarne una nuova.`
            : `La conferenza di concertazione per la pratica ${ref(d)}${title(d)} si è conclusa: ${outcome?.it ?? '—'}. La valutazione di compatibilità prosegue con l'esito allegato.`,
          d.text('outcome') === 'withdrawn'
            ? `The concertation conference for case ${ref(d)}${title(d)} was withdrawn: a withdrawal is not an outcome. The concertation stays open: record the outcome of a conference held outside the system or convene a new one.`
            : `The concertation conference for case ${ref(d)}${title(d)} has ended: ${outcome?.en ?? '—'}. The compatibility evaluation continues with its outcome.`,
        ),
        ...(d.text('reasons') ? [d.text('reasons') as string] : []),
      ],
    };
  },
  'conferenza-istruttoria-invitation': (d, l) => {
    const sttm = d.text('sttmNumber') ? ` ${d.text('sttmNumber')}` : '';
    const sttmTitle = d.text('sttmTitle') ? ` «${d.text('sttmTitle')}»` : '';
    const source = d.text('legalSource') ?? 'NdA PTM art. 7bis c.4';
    const availableOn = formatDate(d.text('availableOn'));
    return {
      subject: pick(
        l,
        `Invito alla conferenza istruttoria sulla STTM${sttm} – pratica ${ref(d)}`,
        `Invitation to the conferenza istruttoria on STTM${sttm} – case ${ref(d)}`,
      ),
      paragraphs: [
        pick(
          l,
          `La Città metropolitana di Milano invita i Comuni, le altre amministrazioni e i portatori di interesse alla conferenza istruttoria sulla proposta di Strategia Tematico-Territoriale Metropolitana${sttm}${sttmTitle} (pratica ${ref(d)}), prevista prima dell'adozione da parte del Consiglio metropolitano (${source}).`,
          `The Città metropolitana di Milano invites the municipalities, the other administrations and the stakeholders to the conferenza istruttoria on the proposed Metropolitan Thematic-Territorial Strategy${sttm}${sttmTitle} (case ${ref(d)}), held before its adoption by the Metropolitan Council (${source}).`,
        ),
        availableOn
          ? pick(
              l,
              `La proposta è a disposizione dal ${availableOn} tra i documenti della pratica; i pareri possono essere inviati fino all'adozione.`,
              `The proposal has been available since ${availableOn} among the documents of the case; opinions may be sent until the adoption.`,
            )
          : pick(
              l,
              "La proposta è a disposizione tra i documenti della pratica; i pareri possono essere inviati fino all'adozione.",
              'The proposal is available among the documents of the case; opinions may be sent until the adoption.',
            ),
        ...(d.localised('agenda', l)
          ? [pick(l, `Ordine del giorno: ${d.localised('agenda', l)}`, `Agenda: ${d.localised('agenda', l)}`)]
          : []),
      ],
      facts: [...conferenzaSessionFacts(d, l), [pick(l, 'Riferimento normativo', 'Legal source'), source]],
    };
  },
  // agreementTitle
  'agreement-to-sign': (d, l) => ({
    subject: pick(l, `Accordo territoriale da sottoscrivere – pratica ${ref(d)}`, `Territorial agreement to sign – case ${ref(d)}`),
    paragraphs: [
      pick(
        l,
        `L'accordo territoriale${d.text('agreementTitle') ? ` «${d.text('agreementTitle')}»` : ''} della pratica ${ref(d)} è pronto per la sottoscrizione, da completare entro il ${deadlineDate(d)}.`,
        `The territorial agreement${d.text('agreementTitle') ? ` "${d.text('agreementTitle')}"` : ''} of case ${ref(d)} is ready to be signed, by ${deadlineDate(d)}.`,
      ),
    ],
  }),
  // agreementTitle, inForceOn
  'agreement-in-force': (d, l) => ({
    subject: pick(l, `Accordo territoriale in vigore – pratica ${ref(d)}`, `Territorial agreement in force – case ${ref(d)}`),
    paragraphs: [
      pick(
        l,
        `Tutte le parti hanno sottoscritto l'accordo territoriale${d.text('agreementTitle') ? ` «${d.text('agreementTitle')}»` : ''} della pratica ${ref(d)}: è in vigore${d.text('inForceOn') ? ` dal ${formatDate(d.text('inForceOn'))}` : ''}.`,
        `All parties have signed the territorial agreement${d.text('agreementTitle') ? ` "${d.text('agreementTitle')}"` : ''} of case ${ref(d)}: it is in force${d.text('inForceOn') ? ` from ${formatDate(d.text('inForceOn'))}` : ''}.`,
      ),
    ],
  }),
  // agreementTitle, partyName, reasons, draftVersion
  'agreement-refused': (d, l) => ({
    subject: pick(
      l,
      `Accordo territoriale non sottoscritto da una parte – pratica ${ref(d)}`,
      `Territorial agreement refused by a party – case ${ref(d)}`,
    ),
    paragraphs: [
      pick(
        l,
        `${d.text('partyName') ?? 'Una parte'} ha rifiutato di sottoscrivere${d.number('draftVersion') !== null ? ` la versione ${d.number('draftVersion')} del` : ' il'} testo dell'accordo territoriale${d.text('agreementTitle') ? ` «${d.text('agreementTitle')}»` : ''} della pratica ${ref(d)}.`,
        `${d.text('partyName') ?? 'A party'} refused to sign${d.number('draftVersion') !== null ? ` version ${d.number('draftVersion')} of` : ''} the text of the territorial agreement${d.text('agreementTitle') ? ` "${d.text('agreementTitle')}"` : ''} of case ${ref(d)}.`,
      ),
      ...(d.text('reasons') ? [pick(l, `Motivazione: ${d.text('reasons')}`, `Reasons: ${d.text('reasons')}`)] : []),
      pick(
        l,
        'Occorre predisporre una nuova bozza da inviare alle parti per la firma, oppure dichiarare che l’accordo non è stato raggiunto.',
        'A new draft is to be prepared and sent to the parties for signature, or the agreement declared failed.',
      ),
    ],
  }),
  // year
  'annual-call-published': (d, l) => ({
    subject: pick(
      l,
      `Pubblicato l'avviso annuale art. 14 NdA ${d.text('year') ?? ''}`.trim(),
      `Annual call (NdA art. 14) ${d.text('year') ?? ''} published`.trim(),
    ),
    paragraphs: [
      pick(
        l,
        `La Città metropolitana di Milano ha pubblicato l'avviso annuale ex art. 14 NdA${d.text('year') ? ` ${d.text('year')}` : ''}. I Comuni aderenti possono presentare proposte entro il ${deadlineDate(d)}.`,
        `The Città metropolitana di Milano has published the annual call under NdA art. 14${d.text('year') ? ` ${d.text('year')}` : ''}. Adhering municipalities may submit proposals by ${deadlineDate(d)}.`,
      ),
      actParagraph(d, l, { it: "L'avviso", en: 'The call notice' }),
    ],
    facts: protocolFact(d, l, 'noticeProtocolNumber'),
  }),
  // year, position
  'ranking-published': (d, l) => ({
    subject: pick(
      l,
      `Pubblicata la graduatoria dell'avviso annuale ${d.text('year') ?? ''}`.trim(),
      `Annual call ranking ${d.text('year') ?? ''} published`.trim(),
    ),
    paragraphs: [
      pick(
        l,
        `È pubblicata la graduatoria dell'avviso annuale ex art. 14 NdA${d.text('year') ? ` ${d.text('year')}` : ''}.${d.number('position') !== null ? ` La proposta del Comune è in posizione ${d.number('position')}.` : ''}`,
        `The ranking of the annual call under NdA art. 14${d.text('year') ? ` ${d.text('year')}` : ''} is published.${d.number('position') !== null ? ` The municipality's proposal ranks ${d.number('position')}.` : ''}`,
      ),
    ],
    facts: protocolFact(d, l, 'rankingProtocolNumber'),
  }),
  // day, items [{ caseReference, caseTitle, caseUrl, deadline { date, legalSource, label } }]
  'officer-daily-digest': (d, l) => {
    const items = d.list('items');
    return {
      subject: pick(
        l,
        `Scadenze del giorno ${formatDate(d.text('day')) ?? ''}: ${items.length}`,
        `Deadlines for ${formatDate(d.text('day')) ?? ''}: ${items.length}`,
      ),
      paragraphs: [
        items.length === 0
          ? pick(
              l,
              'Nessuna scadenza nei prossimi giorni per le pratiche seguite.',
              'No deadline in the coming days for the cases you follow.',
            )
          : pick(l, 'Le scadenze più vicine delle pratiche seguite:', 'The nearest deadlines of the cases you follow:'),
      ],
      items: items.map((item) => {
        const deadline = item.object('deadline');
        const label = deadline?.localised('label', l);
        const source = deadline?.text('legalSource');
        return {
          text: `${formatDate(deadline?.text('date') ?? null) ?? '—'} · ${item.text('caseReference') ?? '—'}${item.text('caseTitle') ? ` – ${item.text('caseTitle')}` : ''}${label ? ` · ${label}` : ''}${source ? ` (${source})` : ''}`,
          url: item.text('caseUrl'),
        };
      }),
    };
  },
  // outcome (text, it/en), closedAt
  'case-closed': (d, l) => ({
    subject: pick(l, `Pratica ${ref(d)} conclusa`, `Case ${ref(d)} closed`),
    paragraphs: [
      pick(
        l,
        `La pratica ${ref(d)}${title(d)} è conclusa${d.text('closedAt') ? ` il ${formatDate(d.text('closedAt'))}` : ''}${d.localised('outcome', l) ? `: ${d.localised('outcome', l)}` : ''}.`,
        `Case ${ref(d)}${title(d)} was closed${d.text('closedAt') ? ` on ${formatDate(d.text('closedAt'))}` : ''}${d.localised('outcome', l) ? `: ${d.localised('outcome', l)}` : ''}.`,
      ),
    ],
  }),

  // correctionsText, note
  'adhesion-corrections-requested': (d, l) => ({
    subject: pick(l, `Adesione: richiesta di correzioni – pratica ${ref(d)}`, `Adhesion: corrections requested – case ${ref(d)}`),
    paragraphs: [
      pick(
        l,
        `Per registrare l'atto di adesione${municipality(d, l)} (pratica ${ref(d)}${title(d)}) la Città metropolitana di Milano chiede di correggere o completare quanto segue.`,
        `To register the act of adhesion${municipality(d, l)} (case ${ref(d)}${title(d)}) the Città metropolitana di Milano asks to correct or complete the following.`,
      ),
      ...(d.text('correctionsText') ? [d.text('correctionsText') as string] : []),
      ...(d.text('note') ? [d.text('note') as string] : []),
    ],
  }),
  // effectiveFrom, fund
  'adhesion-registered': (d, l) => ({
    subject: pick(l, `Adesione registrata – pratica ${ref(d)}`, `Adhesion registered – case ${ref(d)}`),
    paragraphs: [
      pick(
        l,
        `La Città metropolitana di Milano ha registrato l'atto di adesione${municipality(d, l)} alle Strategie Tematico-Territoriali Metropolitane${d.flag('fund') ? ' e al Fondo perequativo metropolitano' : ''} (pratica ${ref(d)}${title(d)})${d.text('effectiveFrom') ? `, efficace dal ${formatDate(d.text('effectiveFrom'))}` : ''}.`,
        `The Città metropolitana di Milano has registered the act of adhesion${municipality(d, l)} to the Metropolitan Thematic-Territorial Strategies${d.flag('fund') ? ' and to the metropolitan equalisation fund' : ''} (case ${ref(d)}${title(d)})${d.text('effectiveFrom') ? `, effective from ${formatDate(d.text('effectiveFrom'))}` : ''}.`,
      ),
      pick(
        l,
        "Il Comune può partecipare all'avviso annuale ex art. 14 NdA e scambiare quote di consumo di suolo con gli altri Comuni aderenti; gli impegni assunti sono iscritti nel registro del Fondo (NdA art. 11).",
        'The municipality may take part in the annual call (NdA art. 14) and exchange soil-consumption quotas with the other adhering municipalities; its commitments are entered in the Fund ledger (NdA art. 11).',
      ),
    ],
    facts: d.text('protocolNumber') ? [[pick(l, 'Protocollo', 'Registry number'), d.text('protocolNumber') as string]] : [],
  }),
  // reasons
  'adhesion-rejected': (d, l) => ({
    subject: pick(l, `Adesione non registrata – pratica ${ref(d)}`, `Adhesion not registered – case ${ref(d)}`),
    paragraphs: [
      pick(
        l,
        `La Città metropolitana di Milano non ha registrato l'atto di adesione${municipality(d, l)} (pratica ${ref(d)}${title(d)}) per i motivi seguenti.`,
        `The Città metropolitana di Milano has not registered the act of adhesion${municipality(d, l)} (case ${ref(d)}${title(d)}) for the following reasons.`,
      ),
      ...(d.text('reasons') ? [d.text('reasons') as string] : []),
    ],
  }),
};
