import { deliveryIdOf, messageIdFor } from '../message-id';
import { validateNotificationRequest } from '../notification-outbox';
import { classifySmtpError } from '../transport/nodemailer-mail-transport';
import { retryDelayMs } from './retry-backoff';

describe('retry backoff', () => {
  it('doubles from the base, with equal jitter, up to the cap', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(retryDelayMs(4, 1000, 60_000, () => 0.5)).toBe(6000);
    expect(retryDelayMs(30, 1000, 60_000, () => 1)).toBe(60_000);
  });
});

describe('SMTP answers', () => {
  it('5xx is permanent; 4xx and connection errors are temporary', () => {
    expect(classifySmtpError({ responseCode: 550, response: '550 no such user' })).toMatchObject({ kind: 'permanent', smtpCode: 550 });
    expect(classifySmtpError({ responseCode: 451, response: '451 try later' })).toMatchObject({ kind: 'temporary', smtpCode: 451 });
    expect(classifySmtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' })).toMatchObject({
      kind: 'temporary',
      smtpCode: null,
    });
    expect(classifySmtpError({ code: 'ETIMEDOUT' })).toMatchObject({ kind: 'temporary' });
  });

  it('a session cut before the server answered may have delivered the message; a refused connection has not', () => {
    const uncertain = (error: object) => classifySmtpError(error).uncertain === true;
    expect(uncertain({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' })).toBe(true);
    expect(uncertain({ code: 'ECONNRESET', message: 'read ECONNRESET' })).toBe(true);
    expect(uncertain({ code: 'ETIMEDOUT', message: 'Timeout' })).toBe(true);
    expect(uncertain({ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:25' })).toBe(false);
    expect(uncertain({ code: 'ETIMEDOUT', message: 'Greeting never received' })).toBe(false);
    expect(uncertain({ responseCode: 451, response: '451 try later' })).toBe(false);
  });
});

describe('Message-ID', () => {
  it('is derived from the delivery id and read back', () => {
    const id = '6f1d2c3e-1111-4222-8333-944445555666';
    expect(messageIdFor(id)).toBe(`<${id}@notifiche.cittametropolitana.mi.it>`);
    expect(deliveryIdOf(messageIdFor(id))).toBe(id);
    expect(deliveryIdOf(`${id}@notifiche.cittametropolitana.mi.it`)).toBe(id);
    expect(deliveryIdOf('<x@elsewhere>')).toBeNull();
  });
});

describe('notification requests', () => {
  const valid = {
    idempotencyKey: 'k-1',
    caseId: null,
    templateId: 'case-closed' as const,
    channel: 'pec' as const,
    recipients: [{ address: 'comune@pec.it' }],
    data: {},
  };

  it('accepts a valid request', () => expect(validateNotificationRequest(valid)).toEqual([]));

  it('names every problem: addresses with injection, no recipients, bad calendar', () => {
    expect(validateNotificationRequest({ ...valid, recipients: [] })).toEqual(['recipients: at least one']);
    expect(validateNotificationRequest({ ...valid, recipients: [{ address: 'a@b.it\r\nBcc: x@y.it' }] })).toEqual([
      'recipients[0].address: one e-mail address',
    ]);
    expect(
      validateNotificationRequest({
        ...valid,
        calendar: {
          uid: 'u',
          sequence: -1,
          method: 'REQUEST',
          start: '2026-01-02T10:00:00Z',
          end: '2026-01-01T10:00:00Z',
          summary: 's',
          organizer: { name: 'n', address: 'a@b.it' },
        },
      }),
    ).toEqual(['calendar: start and end ISO instants, end not before start', 'calendar.sequence: integer ≥ 0']);
    expect(validateNotificationRequest({ ...valid, templateId: 'nope' as never, caseId: 'x' })).toEqual([
      'caseId: a UUID or null',
      'templateId: unknown nope',
    ]);
  });
});
