import { HttpException } from '@nestjs/common';
import type { InvalidParam } from './problem-details';

/**
 * An HTTP error that already knows its problem-details body: controllers and validators
 * throw it, the filter writes it as application/problem+json.
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail, status);
  }
}

export class InvalidParamsException extends ProblemException {
  constructor(readonly invalidParams: InvalidParam[], status = 400) {
    super(status, invalidParams.map((p) => `${p.name}: ${p.reason}`).join('; '), { 'invalid-params': invalidParams });
  }
}
