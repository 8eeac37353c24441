/** Why a tracker refused an event or a rung; stable codes for workflow Update validators. */
export type DeadlineTrackerErrorCode =
  | 'INVALID_TERM'
  | 'INVALID_EVENT'
  | 'INVALID_AUDIT'
  | 'EVENT_BEFORE_START'
  | 'EVENT_OUT_OF_ORDER'
  | 'NOT_SUSPENDABLE'
  | 'ALREADY_SUSPENDED'
  | 'NOT_SUSPENDED'
  | 'SUSPENSION_LIMIT_REACHED'
  | 'NOT_INTERRUPTIBLE'
  | 'INTERRUPTION_LIMIT_REACHED'
  | 'NOT_EXTENDABLE'
  | 'INVALID_EXTENSION'
  | 'TERM_EXPIRED'
  | 'UNKNOWN_RUNG'
  | 'RUNG_ALREADY_FIRED'
  | 'RUNG_ON_HOLD'
  | 'RUNG_NOT_DUE';

export class DeadlineTrackerError extends Error {
  override readonly name = 'DeadlineTrackerError';

  constructor(
    readonly code: DeadlineTrackerErrorCode,
    message: string,
  ) {
    super(message);
  }
}
