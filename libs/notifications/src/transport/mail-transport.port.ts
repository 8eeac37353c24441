/** A message ready to send: rendered, addressed, with its deterministic Message-ID. */
export interface OutgoingMail {
  from: string;
  to: { address: string; name?: string | null };
  subject: string;
  text: string;
  html: string;
  /** With angle brackets, e.g. <uuid@domain>. */
  messageId: string;
  headers: Record<string, string>;
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string; filename: string };
}

/**
 * What the server answered. `temporary` (4xx, connection lost or refused, timeout) is worth
 * retrying; `permanent` (5xx) is not. `uncertain`: the connection was lost inside the SMTP session
 * before the server answered, so the server may have taken the message (RFC 5321 §6.1: the sender
 * cannot know); it is retried with the same Message-ID all the same.
 */
export type SendResult =
  | { ok: true; smtpCode: number | null; response: string }
  | { ok: false; kind: 'temporary' | 'permanent'; smtpCode: number | null; response: string; uncertain?: boolean };

/**
 * The mail transport port: SMTP through nodemailer today; the certified channel (PEC, and
 * later the European REM) is another adapter behind the same port.
 */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
}
