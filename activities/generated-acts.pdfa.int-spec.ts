// Every kind of act the system generates, rendered with realistic Italian content and validated
// by veraPDF (PDF/A-2b profile) in one JVM; PDFBox, a reader independent of the writer, reads
// back their fonts, metadata and text.
import { defaultCallCriteria, type Proposal, type RankingEntry } from '@cmm/domain';
import { type Act, renderActPdf, segnaturaLine } from '@cmm/documents';
import type { RegistryEntryView } from '@cmm/persistence';
import { type PdfaReport, pdfaViolations, validatePdfa } from '@cmm/test-support';
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { dailyRegisterAct } from '../apps/api/src/registry/daily-register.pdf';
import { noticeAct, rankingAct } from './annual-call.activities';
import { receiptAct } from './municipal-filings';

const MUNICIPALITIES = [
  'San Giorgio su Legnano',
  "Cassina de' Pecchi",
  "Pozzo d'Adda",
  'Cinisello Balsamo',
  'Sesto San Giovanni',
  'Vanzaghello',
  'Cusano Milanino',
  'Trezzano sul Naviglio',
];
const ACCENTS = 'à è é ì ò ù';
const at = new Date('2026-12-02T13:05:07.000Z');
const segnatura = (n: number, direction: 'in' | 'out' = 'out') => ({
  register: 'generale',
  protocolNumber: `2026/${String(n).padStart(7, '0')}`,
  registeredAt: at,
  direction,
});
const sha = (i: number) => createHash('sha256').update(`documento ${i}`).digest('hex');

function proposals(count: number): { proposals: Proposal[]; ranking: RankingEntry[] } {
  const list: Proposal[] = Array.from({ length: count }, (_, i) => ({
    id: `P-${i + 1}`,
    istatCode: String(15000 + i).padStart(6, '0'),
    municipality: MUNICIPALITIES[i % MUNICIPALITIES.length],
    sequence: i + 1,
    protocolNumber: `2026/${String(100 + i).padStart(7, '0')}`,
    submittedAt: at.toISOString(),
    adheringSttm: [1],
    documentIds: [],
    eligibility:
      i % 7 === 6
        ? { eligible: false, reasons: 'Edificio non di proprietà comunale («vincolo» art. 14 c.3)', by: 'istruttore' }
        : { eligible: true, reasons: '', by: 'istruttore' },
    scores: null,
    scoredBy: null,
    kind: 'intervention',
    title: `Riqualificazione dell'area della stazione e della piazza del mercato – lotto ${i + 1} (${ACCENTS})`,
    description: 'Intervento di rigenerazione urbana',
    costCents: 123_456_789 + i * 1000,
    cofinancingCents: 23_456_700,
    location: 'Via Roma 1',
    sttm: [1],
    documentCount: 1,
  }));
  const ranking: RankingEntry[] = list
    .filter((p) => p.eligibility?.eligible)
    .map((p, i) => ({
      position: i + 1,
      proposalId: p.id,
      istatCode: p.istatCode,
      municipality: p.municipality,
      title: p.title,
      weightedPoints: 9000 - i * 50,
      score: 90 - i * 0.5,
      tieBrokenBy: i % 5 === 4 ? 'cofinancing-share' : null,
    }));
  return { proposals: list, ranking };
}

function registryEntries(count: number): RegistryEntryView[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    register: 'generale',
    year: 2026,
    number: i + 1,
    protocolNumber: `2026/${String(i + 1).padStart(7, '0')}`,
    registeredAt: new Date(at.getTime() + i * 60_000),
    registeredOn: '2026-12-02',
    direction: i % 2 === 0 ? 'in' : 'out',
    correspondent: `Comune di ${MUNICIPALITIES[i % MUNICIPALITIES.length]}`,
    subject: `Trasmissione della variante al PGT «${ACCENTS}» – deliberazione n. ${i + 1}, importo 12.500,00 €`,
    caseId: null,
    caseReference: `VC-2026-${String(i + 1).padStart(6, '0')}`,
    documentSha256: sha(i),
    registeredBy: 'protocollo',
    receivedAt: null,
    annulment:
      i % 9 === 8
        ? {
            reason: 'Registrazione doppia (già al n. precedente)',
            annulledAt: new Date(at.getTime() + 3_600_000),
            annulledBy: 'protocollo',
          }
        : null,
  }));
}

const criteria = defaultCallCriteria();
const { proposals: callProposals, ranking } = proposals(60);
const ACTS: Record<string, Act> = {
  notice: noticeAct({
    year: 2026,
    reference: 'AA-2026-000001',
    publishedAt: at.toISOString(),
    dueDate: '2027-01-31',
    criteria,
    segnatura: segnatura(123),
  }),
  ranking: rankingAct({
    year: 2026,
    reference: 'AA-2026-000001',
    approvedAt: at.toISOString(),
    approvedBy: 'Dirigente del Settore Pianificazione territoriale',
    criteria,
    proposals: callProposals,
    ranking,
    segnatura: segnatura(456),
  }),
  receipt: receiptAct({
    reference: 'VC-2026-000042',
    title: 'Valutazione di compatibilità al PTM – Comune di San Giorgio su Legnano',
    subject: 'Trasmissione della variante generale al PGT «Città più verde» – deliberazione n. 12 del 15/01/2026',
    municipality: 'San Giorgio su Legnano',
    segnatura: segnatura(789, 'in'),
    receivedAt: at,
    submittedBy: {
      subject: 'ut',
      name: 'Ufficio tecnico – Niccolò Dell’Orto',
      email: 'ut@comune.sangiorgiosulegnano.mi.it',
      role: 'comune',
      istatCode: '015192',
    },
    files: Array.from({ length: 25 }, (_, i) => ({
      kind: i === 0 ? 'deliberation' : 'attachment',
      title: `Allegato ${i + 1} – Relazione illustrativa e tavole (${ACCENTS})`,
      sha256: sha(i),
      sizeBytes: 1_048_576 + i,
      contentType: 'application/pdf',
      filename: `allegato-${i + 1}.pdf.p7m`,
      storageKey: `k${i}`,
    })),
    term: { date: '2027-03-03', legalSource: 'LR 12/2005 art. 13 c.5', label: { it: 'Parere di compatibilità al PTM' } },
  }),
  register: dailyRegisterAct('2026-12-02', 'generale', registryEntries(70)),
  'empty register': dailyRegisterAct('2026-12-06', 'generale', []),
};

/** A PDF as pdfkit writes it by default (standard font, no PDF/A identification): what the validator must refuse. */
const plainPdf = () =>
  new Promise<Buffer>((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks)));
    doc.font('Helvetica').text('Città metropolitana di Milano');
    doc.end();
  });

describe('the acts the system generates, as PDF/A-2b validated by veraPDF', () => {
  let pdfs: Record<string, Buffer>;
  let reports: Record<string, PdfaReport>;

  beforeAll(async () => {
    pdfs = Object.fromEntries(await Promise.all(Object.entries(ACTS).map(async ([kind, act]) => [kind, await renderActPdf(act)] as const)));
    reports = await validatePdfa({ ...pdfs, 'plain PDF': await plainPdf() }, { text: true });
    // Lines wrap where the layout needs: the wording is compared with its whitespace collapsed.
    for (const report of Object.values(reports)) report.text = report.text?.replace(/\s+/g, ' ');
  });

  it.each(Object.keys(ACTS))('%s: zero violations, PDF/A-2b claimed, fonts embedded, Italian', (kind) => {
    const report = reports[kind];
    expect(pdfaViolations(report)).toEqual([]);
    expect(report.compliant).toBe(true);
    expect(report.claimed).toBe('2b');
    expect(report.xmp).toMatch(/<pdfaid:part>2<\/pdfaid:part>\s*<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(report.fonts.length).toBeGreaterThan(0);
    for (const font of report.fonts) {
      expect(font).toEqual({ name: expect.stringMatching(/^[A-Z]{6}\+TitilliumWeb-/), embedded: true });
    }
    expect(report.lang).toBe('it-IT');
    expect(report.info.title).toBe(ACTS[kind].title);
    expect(report.info.creationDate).toBe(ACTS[kind].issuedAt.toISOString().replace('.000Z', 'Z'));
    expect(report.text).toContain('Città metropolitana di Milano');
    expect(report.text).toContain(ACTS[kind].title);
    expect(report.text).toMatch(new RegExp(`Pagina ${report.pages} di ${report.pages}`));
  });

  it('the validator refuses a PDF that is not PDF/A, naming the rules (fonts not embedded, no identification)', () => {
    const report = reports['plain PDF'];
    expect(report.compliant).toBe(false);
    expect(report.claimed).toBeNull();
    expect(report.fonts).toEqual([{ name: 'Helvetica', embedded: false }]);
    const clauses = report.failures.map((f) => f.clause);
    // 6.2.11.4.1: font programs embedded; 6.6.2.1: XMP metadata present (ISO 19005-2).
    expect(clauses).toEqual(expect.arrayContaining(['6.2.11.4.1', '6.6.2.1']));
  });

  it('prints the registration (segnatura) on registered acts and carries it in the metadata', () => {
    for (const kind of ['notice', 'ranking', 'receipt']) {
      const line = segnaturaLine(ACTS[kind].segnatura as NonNullable<Act['segnatura']>);
      expect(reports[kind].text).toContain(line);
      expect(reports[kind].info.subject).toBe(line);
      expect(reports[kind].info.keywords).toContain(line);
      expect(reports[kind].xmp).toContain(line);
    }
    expect(reports.notice.text).toContain('Protocollo generale n. 2026/0000123 del 02/12/2026 (in uscita)');
    expect(reports.receipt.text).toContain('Protocollo generale n. 2026/0000789 del 02/12/2026 (in entrata)');
  });

  it('keeps the wording of the acts, with accents, guillemets and the euro sign', () => {
    expect(reports.notice.text).toContain('Le proposte si presentano entro il 31/01/2027 (ore 24:00, ora di Roma;');
    expect(reports.notice.text).toContain('In caso di parità di punteggio precede la proposta con:');
    expect(reports.ranking.text).toContain('1.234.567,89 €');
    expect(reports.ranking.text).toContain('Proposte non ammesse');
    expect(reports.ranking.text).toContain('Edificio non di proprietà comunale («vincolo» art. 14 c.3)');
    expect(reports.ranking.text).toContain(ACCENTS);
    expect(reports.receipt.text).toContain('Pratica: VC-2026-000042');
    expect(reports.receipt.text).toContain('Ricevuta il: 02/12/2026 ore 14:05 (ora italiana)');
    expect(reports.receipt.text).toContain('Termine: Parere di compatibilità al PTM entro il 03/03/2027 (LR 12/2005 art. 13 c.5)');
    expect(reports.receipt.text).toContain('Documenti depositati (25)');
    expect(reports.receipt.text).toContain('Niccolò Dell’Orto');
    expect(reports.register.text).toContain('Registro giornaliero di protocollo del 02/12/2026');
    expect(reports.register.text).toContain('70, dal n. 2026/0000001 al n. 2026/0000070 (7 annullate)');
    expect(reports.register.text).toContain('annullata: Registrazione doppia');
    expect(reports['empty register'].text).toContain('Nessuna registrazione in questo giorno.');
  });

  it('lays long tables over several pages, repeating their header', () => {
    expect(reports.ranking.pages).toBeGreaterThan(2);
    expect(reports.register.pages).toBeGreaterThan(2);
    expect(reports.receipt.pages).toBeGreaterThan(1);
    expect(reports.register.text?.match(/Numero Ora Direzione Corrispondente/g)?.length).toBe(reports.register.pages);
  });

  it('renders the same act to the same bytes, so its SHA-256 is stable', async () => {
    for (const kind of Object.keys(ACTS)) {
      const again = await renderActPdf(ACTS[kind]);
      expect(createHash('sha256').update(again).digest('hex')).toBe(createHash('sha256').update(pdfs[kind]).digest('hex'));
    }
  });
  it('renders an act to the same bytes alone and among other acts rendered at once (the parsed fonts are shared)', async () => {
    const kinds = Object.keys(ACTS);
    const together = await Promise.all([...kinds, ...kinds].map((kind) => renderActPdf(ACTS[kind])));
    for (const [i, kind] of [...kinds, ...kinds].entries()) {
      expect(createHash('sha256').update(together[i]).digest('hex')).toBe(createHash('sha256').update(pdfs[kind]).digest('hex'));
    }
  });
});
