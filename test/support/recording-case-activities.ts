import type { CaseActivities, CaseEventInput } from '@cmm/contracts';

/**
 * A recordCaseEvent that pushes every event onto `events` (which other fakes of the spec may
 * share, so the order across activities shows). An outbound act gets `outboundProtocolNumber`,
 * fixed or numbered by the events so far; without it, no act is registered.
 */
export function recordingCaseActivities(
  events: CaseEventInput[],
  outboundProtocolNumber?: string | ((eventCount: number) => string),
): CaseActivities {
  return {
    async recordCaseEvent(input) {
      events.push(input);
      const protocolNumber =
        typeof outboundProtocolNumber === 'function' ? outboundProtocolNumber(events.length) : (outboundProtocolNumber ?? null);
      return { seq: events.length, protocolNumber: input.registerOutbound ? protocolNumber : null };
    },
  };
}
