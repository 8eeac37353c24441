import { connect } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { MailTransport, OutgoingMail, SendResult } from './mail-transport.port';

export interface SmtpTransportOptions {
  /** smtp://[user:pass@]host:port or smtps://… */
  url: string;
  /** Connections kept open to the server. */
  poolSize?: number;
  /** Bound on a stalled server: shorter than the notifier's send lease, so a live sender always finishes first. */
  socketTimeoutMs?: number;
}

/**
 * nodemailer's words for a session cut after the greeting: the server closed or reset the
 * connection, or went silent (a socket timeout, not the connection or greeting timeout). The
 * message may be with the server already.
 */
const isCutMidSession = (code: unknown, message: unknown): boolean =>
  (code === 'ECONNECTION' && message === 'Connection closed unexpectedly') ||
  code === 'ECONNRESET' ||
  (code === 'ETIMEDOUT' && message === 'Timeout');

/** 5xx is permanent; 4xx, a lost connection or a timeout are temporary (RFC 5321 §4.2.1). */
export function classifySmtpError(error: unknown): Extract<SendResult, { ok: false }> {
  const e = (error ?? {}) as { responseCode?: unknown; code?: unknown; response?: unknown; message?: unknown };
  const smtpCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const response = String(e.response ?? e.message ?? error).slice(0, 1000);
  if (smtpCode !== null && smtpCode >= 500) return { ok: false, kind: 'permanent', smtpCode, response };
  if (smtpCode !== null && smtpCode >= 400) return { ok: false, kind: 'temporary', smtpCode, response };
  return { ok: false, kind: 'temporary', smtpCode, response, ...(isCutMidSession(e.code, e.message) ? { uncertain: true } : {}) };
}

export function smtpPoolOptions(options: SmtpTransportOptions): SMTPPool.Options {
  const url = new URL(options.url);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`SMTP URL must be smtp:// or smtps://, got ${url.protocol}`);
  const secure = url.protocol === 'smtps:';
  return {
    pool: true,
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 25,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    maxConnections: options.poolSize ?? 5,
    maxMessages: Infinity,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
    // SMTP is a dialogue of small writes: with Nagle's algorithm on, each message waits for
    // delayed ACKs (~40 ms), which caps a pooled connection at ~20 messages a second.
    getSocket: secure ? undefined : noDelaySocket,
  };
}

type SocketCallback = (error: Error | null, socket?: { connection: import('node:net').Socket }) => void;

/**
 * Hands nodemailer a socket at once, connected or not: a connection failure then surfaces as
 * an error of the SMTP connection, which the pool handles (a getSocket error would leave the
 * pool resource busy forever and wedge the pool).
 */
function noDelaySocket(options: { host?: string; port?: number }, callback: SocketCallback): void {
  const socket = connect(options.port ?? 25, options.host ?? '127.0.0.1');
  socket.setNoDelay(true);
  callback(null, { connection: socket });
}

/** SMTP over a pooled nodemailer transport: connections are reused across messages. */
export class NodemailerMailTransport implements MailTransport {
  readonly transporter: Transporter<SMTPPool.SentMessageInfo>;

  constructor(options: SmtpTransportOptions) {
    this.transporter = nodemailer.createTransport(smtpPoolOptions(options));
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    try {
      const info = await this.transporter.sendMail(toNodemailer(mail));
      if (info.rejected?.length)
        return { ok: false, kind: 'permanent', smtpCode: null, response: String(info.response ?? 'recipient rejected') };
      const response = String(info.response ?? '');
      const code = /^(\d{3})/.exec(response);
      return { ok: true, smtpCode: code ? Number(code[1]) : null, response };
    } catch (error) {
      return classifySmtpError(error);
    }
  }

  close(): void {
    this.transporter.close();
  }
}

export function toNodemailer(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: mail.headers,
    // nodemailer adds text/calendar as an alternative part and as an .ics attachment,
    // which is what Outlook, Gmail and Thunderbird look for.
    icalEvent: mail.calendar
      ? { method: mail.calendar.method, content: mail.calendar.content, filename: mail.calendar.filename }
      : undefined,
  };
}
