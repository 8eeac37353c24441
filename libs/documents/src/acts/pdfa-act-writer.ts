import { formatItalianDate, romeDateOf } from '@cmm/legal-calendar';
import PDFDocument from 'pdfkit';
import { type Act, type ActBlock, type ActSegnatura, type ActTableColumn, CMM_NAME } from './act';
import { parsedActFonts } from './act-fonts';

/** The PDF/A level of the acts: ISO 19005-2 level B (visual appearance preserved), the archival format of Italian records (DPCM 3/12/2013, Allegato 2). */
export const ACT_PDFA_LEVEL = 'PDF/A-2b';
export const ACT_CONTENT_TYPE = 'application/pdf';
/** Written into the documents' Creator: the system that composed the act. */
export const ACT_CREATOR = 'CMM – sistema dei procedimenti (PTM)';

const MARGIN = { top: 56, bottom: 64, left: 60, right: 60 };
const INK = '#1a1a1a';
const MUTED = '#5c6f82';
const RULE = '#a8b3bd';
const HEADER_FILL = '#e8ecf0';
const CELL_PAD = 4;

type Fonts = 'regular' | 'semibold' | 'bold';

const two = (n: number) => String(n).padStart(2, '0');

/** "n. 2026/0000123 del 02/12/2026": the registry's number format, the Rome day of the registration. */
export function segnaturaLine(s: ActSegnatura): string {
  const direction = s.direction === 'in' ? 'in entrata' : 'in uscita';
  return `Protocollo ${s.register} n. ${s.protocolNumber} del ${formatItalianDate(romeDateOf(s.registeredAt.getTime()))} (${direction})`;
}

/**
 * PDF metadata (Info and XMP) must say the same thing (ISO 19005-2 6.6.3); pdfkit writes the Info
 * values into the XMP packet without XML escaping, so the characters XML reserves are replaced by
 * look-alikes in the metadata only; the page shows the text as it is.
 */
const metadataText = (text: string) => text.replace(/&/g, 'e').replace(/</g, '‹').replace(/>/g, '›');

/**
 * Lays an act out as a PDF/A-2b document with pdfkit: Titillium Web embedded (subset), the sRGB
 * output intent pdfkit adds for PDF/A, the PDF/A identification in the XMP metadata, Italian as
 * the document language. The creation date is the act's date and pdfkit derives the file
 * identifier from the metadata, so the same act gives the same bytes (and the same SHA-256).
 */
export function renderActPdf(act: Act): Promise<Buffer> {
  const fonts = parsedActFonts();
  const keywords = [...(act.segnatura ? [segnaturaLine(act.segnatura)] : []), ...(act.keywords ?? [])];
  const doc = new PDFDocument({
    pdfVersion: '1.7',
    subset: ACT_PDFA_LEVEL,
    lang: 'it-IT',
    displayTitle: true,
    bufferPages: true,
    size: 'A4',
    layout: act.layout ?? 'portrait',
    margins: MARGIN,
    autoFirstPage: false,
    info: {
      Title: metadataText(act.title),
      Author: metadataText(`${CMM_NAME} – ${act.office}`),
      Subject: metadataText(act.segnatura ? segnaturaLine(act.segnatura) : act.title),
      Keywords: metadataText(keywords.join('; ')),
      Creator: ACT_CREATOR,
      CreationDate: act.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('semibold', fonts.semibold);
  doc.registerFont('bold', fonts.bold);
  doc.addPage();
  const writer = new ActWriter(doc);
  writer.heading(act);
  for (const block of act.blocks) writer.block(block);
  writer.footers(act);
  doc.end();
  return done;
}

class ActWriter {
  private readonly width: number;
  private readonly left: number;

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.left = MARGIN.left;
    this.width = doc.page.width - MARGIN.left - MARGIN.right;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  private use(font: Fonts, size: number, color = INK): PDFKit.PDFDocument {
    return this.doc.font(font).fontSize(size).fillColor(color);
  }

  /**
   * A character the embedded font has no glyph for would be drawn with .notdef, which PDF/A
   * forbids (ISO 19005-2 6.2.11.8): such characters become "?". Titillium Web covers Latin and
   * Latin Extended, the euro sign and Italian typographic punctuation.
   */
  private printable(text: string): string {
    const font = (this.doc as unknown as { _font: { font: { hasGlyphForCodePoint(cp: number): boolean } } })._font.font;
    let out = '';
    for (const ch of text.normalize('NFC').replace(/\r\n?/g, '\n')) {
      const cp = ch.codePointAt(0) as number;
      // Other white space (tabs, no-break spaces) is a space; a line break stays a line break.
      if (ch === '\n' || ch === ' ') out += ch;
      else if (/\s/.test(ch)) out += ' ';
      else out += font.hasGlyphForCodePoint(cp) ? ch : '?';
    }
    return out;
  }

  private ensureRoom(height: number): void {
    if (this.doc.y + height > this.bottom) {
      this.doc.addPage();
      this.doc.x = this.left;
    }
  }

  heading(act: Act): void {
    const doc = this.doc;
    this.use('bold', 17).text(this.printable(CMM_NAME), this.left, MARGIN.top, { width: this.width });
    this.use('regular', 11, MUTED).text(this.printable(act.office), { width: this.width });
    doc.moveDown(0.4);
    doc
      .moveTo(this.left, doc.y)
      .lineTo(this.left + this.width, doc.y)
      .lineWidth(0.8)
      .strokeColor(RULE)
      .stroke();
    doc.moveDown(0.6);
    if (act.segnatura) {
      this.use('semibold', 10).text(this.printable(segnaturaLine(act.segnatura)), this.left, doc.y, { width: this.width, align: 'right' });
      doc.moveDown(0.8);
    }
    this.use('bold', 14).text(this.printable(act.title), this.left, doc.y, { width: this.width });
    doc.moveDown(0.8);
  }

  block(block: ActBlock): void {
    switch (block.type) {
      case 'heading':
        this.use('semibold', 12);
        this.ensureRoom(this.doc.currentLineHeight(true) * 3);
        this.doc.moveDown(0.3).text(this.printable(block.text), this.left, this.doc.y, { width: this.width });
        this.doc.moveDown(0.3);
        return;
      case 'paragraph':
        this.use('regular', 10.5).text(this.printable(block.text), this.left, this.doc.y, { width: this.width, align: 'left' });
        this.doc.moveDown(0.5);
        return;
      case 'list':
        return this.list(block.items, block.ordered === true);
      case 'fields':
        return this.fields(block.rows);
      case 'table':
        return this.table(block.columns, block.rows, block.empty);
    }
  }

  private list(items: string[], ordered: boolean): void {
    const indent = 18;
    this.use('regular', 10.5);
    items.forEach((item, i) => {
      const text = this.printable(item);
      this.ensureRoom(Math.min(this.doc.heightOfString(text, { width: this.width - indent }), 3 * this.doc.currentLineHeight(true)));
      const y = this.doc.y;
      this.doc.text(ordered ? `${i + 1}.` : '•', this.left, y, { width: indent, lineBreak: false });
      this.doc.text(text, this.left + indent, y, { width: this.width - indent });
    });
    this.doc.x = this.left;
    this.doc.moveDown(0.5);
  }

  private fields(rows: Array<[string, string]>): void {
    for (const [label, value] of rows) {
      this.use('regular', 10.5);
      this.ensureRoom(this.doc.currentLineHeight(true) * 2);
      this.use('semibold', 10.5).text(this.printable(`${label}: `), this.left, this.doc.y, { width: this.width, continued: true });
      this.use('regular', 10.5).text(this.printable(value), { width: this.width });
    }
    this.doc.x = this.left;
    this.doc.moveDown(0.5);
  }

  private table(columns: ActTableColumn[], rows: string[][], empty: string): void {
    const total = columns.reduce((sum, c) => sum + c.weight, 0);
    const widths = columns.map((c) => (this.width * c.weight) / total);
    const size = 8.5;
    const drawRow = (cells: string[], header: boolean) => {
      this.use(header ? 'semibold' : 'regular', size);
      const texts = cells.map((cell) => this.printable(cell));
      const height = Math.max(...texts.map((t, i) => this.doc.heightOfString(t, { width: widths[i] - 2 * CELL_PAD }))) + 2 * CELL_PAD;
      if (this.doc.y + height > this.bottom) {
        this.doc.addPage();
        if (!header)
          drawRow(
            columns.map((c) => c.header),
            true,
          );
      }
      const y = this.doc.y;
      let x = this.left;
      if (header) this.doc.rect(this.left, y, this.width, height).fill(HEADER_FILL);
      this.use(header ? 'semibold' : 'regular', size);
      texts.forEach((t, i) => {
        this.doc.text(t, x + CELL_PAD, y + CELL_PAD, { width: widths[i] - 2 * CELL_PAD, align: columns[i].align ?? 'left' });
        x += widths[i];
      });
      this.doc
        .moveTo(this.left, y + height)
        .lineTo(this.left + this.width, y + height)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
      this.doc.x = this.left;
      this.doc.y = y + height;
    };
    this.use('semibold', size);
    this.ensureRoom(4 * this.doc.currentLineHeight(true));
    drawRow(
      columns.map((c) => c.header),
      true,
    );
    if (rows.length === 0) {
      this.use('regular', 10.5).moveDown(0.3).text(this.printable(empty), this.left, this.doc.y, { width: this.width });
    }
    for (const row of rows) drawRow(row, false);
    this.doc.x = this.left;
    this.doc.moveDown(0.8);
  }

  /** "Pagina 1 di N" on every page, with the act's registration so a loose page still says what it belongs to. */
  footers(act: Act): void {
    const range = this.doc.bufferedPageRange();
    const reference = act.segnatura ? `${CMM_NAME} – ${segnaturaLine(act.segnatura)}` : `${CMM_NAME} – ${act.title}`;
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const y = this.doc.page.height - MARGIN.bottom + 24;
      // Writing below the bottom margin would make pdfkit open a new page.
      const margins = this.doc.page.margins;
      this.doc.page.margins = { ...margins, bottom: 0 };
      this.doc
        .moveTo(this.left, y - 6)
        .lineTo(this.left + this.width, y - 6)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
      this.use('regular', 7.5, MUTED);
      this.doc.text(this.printable(reference), this.left, y, { width: this.width * 0.78, lineBreak: false, ellipsis: true });
      this.doc.text(`Pagina ${i + 1 - range.start} di ${range.count}`, this.left, y, {
        width: this.width,
        align: 'right',
        lineBreak: false,
      });
      this.doc.page.margins = margins;
    }
  }
}

/** The act's day in Italian ("02/12/2026"), for builders that print dates. */
export const italianDay = (instant: Date): string => formatItalianDate(romeDateOf(instant.getTime()));

/** "02/12/2026 ore 14:05" in Rome time, whatever the server's zone. */
export function italianDayAndTime(instant: Date): string {
  const parts = new Intl.DateTimeFormat('it-IT', {
    timeZone: 'Europe/Rome',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${italianDay(instant)} ore ${two(Number(part('hour')))}:${part('minute')}`;
}
