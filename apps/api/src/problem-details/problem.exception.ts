import { HttpException } from '@nestjs/common';
import { type InvalidParam, type Locale, type LocalizedText, textFor } from './problem-details';

/** An invalid parameter whose reason may be given in both languages; the filter picks one. */
export interface LocalizedInvalidParam extends Omit<InvalidParam, 'reason'> {
  reason: LocalizedText;
}

/**
 * An HTTP error that already knows its problem-details body: controllers and validators
 * throw it, the filter writes it as application/problem+json. The detail is Italian first;
 * a `{ it, en }` detail is answered in English to a client that asks for it.
 */
export class ProblemException extends HttpException {
  /** The Italian text (or the only one given). */
  readonly detail: string;

  constructor(
    status: number,
    readonly localizedDetail: LocalizedText,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(textFor(localizedDetail, 'it'), status);
    this.detail = textFor(localizedDetail, 'it');
  }

  detailFor(locale: Locale): string {
    return textFor(this.localizedDetail, locale);
  }
}

const joined = (params: LocalizedInvalidParam[]): { it: string; en: string } => ({
  it: params.map((p) => `${p.name}: ${textFor(p.reason, 'it')}`).join('; '),
  en: params.map((p) => `${p.name}: ${textFor(p.reason, 'en')}`).join('; '),
});

export class InvalidParamsException extends ProblemException {
  constructor(
    readonly invalidParams: LocalizedInvalidParam[],
    status = 400,
  ) {
    super(status, joined(invalidParams), { 'invalid-params': invalidParams });
  }
}
