import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One file's verdict from veraPDF (PDF/A-2b profile) and what PDFBox read in it. */
export interface PdfaReport {
  file: string;
  compliant: boolean;
  /** The flavour the XMP declares (pdfaid:part and conformance, "2b"); null when it declares none. */
  claimed: string | null;
  failures: Array<{ clause: string; testNumber: number; specification: string; description: string; context: string }>;
  pages: number;
  fonts: Array<{ name: string; embedded: boolean }>;
  info: { title: string | null; author: string | null; subject: string | null; keywords: string | null; creationDate: string | null };
  lang: string | null;
  xmp: string | null;
  /** With `text: true`: the text PDFBox extracts, in reading order. */
  text?: string;
  error?: string;
}

/**
 * The launcher `scripts/lib/common.sh` (ensure_pdfa_validator) builds and `npm test` exports.
 * Missing, the test fails with how to get it: a PDF/A claim never passes unchecked.
 */
export function pdfaValidatorPath(): string {
  const launcher = process.env.PDFA_VALIDATOR;
  if (!launcher) {
    throw new Error(
      'PDFA_VALIDATOR is not set: the generated acts are validated with veraPDF. Run the tests with `npm test`, or export ' +
        "PDFA_VALIDATOR=$(bash -c 'source scripts/lib/common.sh && ensure_pdfa_validator && echo $PDFA_VALIDATOR')",
    );
  }
  return launcher;
}

/**
 * Validates PDF documents with veraPDF in one JVM (its start costs seconds): each buffer is
 * written to a temporary file, reported in the same order.
 */
export async function validatePdfa(
  documents: Record<string, Buffer>,
  options: { text?: boolean } = {},
): Promise<Record<string, PdfaReport>> {
  const launcher = pdfaValidatorPath();
  const dir = mkdtempSync(join(tmpdir(), 'cmm-pdfa-'));
  try {
    const names = Object.keys(documents);
    const files = names.map((name, i) => {
      const file = join(dir, `${i}.pdf`);
      writeFileSync(file, documents[name]);
      return file;
    });
    const stdout = await new Promise<string>((resolve, reject) => {
      // Exit status 1 means "not compliant": the report says which rule, so it is read, not thrown.
      execFile(launcher, [...(options.text ? ['--text'] : []), ...files], { maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
        if (error && error.code !== 1) reject(new Error(`${launcher} failed: ${error.message}\n${err}`));
        else resolve(out);
      });
    });
    const reports = (JSON.parse(stdout) as { files: PdfaReport[] }).files;
    return Object.fromEntries(names.map((name, i) => [name, reports[i]]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The failures of a report as readable lines, so a failing expectation names the rules broken. */
export const pdfaViolations = (report: PdfaReport): string[] => [
  ...(report.error ? [`unreadable: ${report.error}`] : []),
  ...report.failures.map((f) => `${f.specification} ${f.clause}-${f.testNumber}: ${f.description} (${f.context})`),
];
