/**
 * Why a computation was refused. Codes are stable: callers (CLI, API problem+json,
 * workflows) branch on them, so a code is never renamed once shipped.
 */
export type LegalCalendarErrorCode =
  | 'INVALID_DATE'
  | 'DATE_OUT_OF_RANGE'
  | 'INVALID_INSTANT'
  | 'INVALID_LENGTH'
  | 'INVALID_UNIT'
  | 'INVALID_DIRECTION'
  | 'INVALID_OPTION'
  | 'UNKNOWN_CALENDAR'
  | 'CALENDAR_NOT_ALLOWED'
  | 'INVERTED_SUSPENSION'
  | 'OVERLAPPING_SUSPENSIONS'
  | 'SUSPENSION_BEFORE_START'
  | 'SUSPENSION_AFTER_EXPIRY'
  | 'SUSPENSION_NOT_ALLOWED'
  | 'INTERRUPTION_NOT_ALLOWED'
  | 'INVALID_INTERRUPTION'
  | 'HALVED_NOT_AVAILABLE'
  | 'INVALID_TRIGGER'
  | 'UNKNOWN_RULE'
  | 'UNKNOWN_LADDER'
  | 'INVALID_RULEBOOK';

export class LegalCalendarError extends Error {
  override readonly name = 'LegalCalendarError';

  constructor(
    readonly code: LegalCalendarErrorCode,
    message: string,
  ) {
    super(message);
  }
}
