import { type ParsedMail, simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/** What the peer does with the next message: what a real server may do to a sender. */
export type PeerBehaviour =
  | { kind: 'accept'; delayMs?: number }
  | { kind: 'temporary'; code?: number }
  | { kind: 'permanent'; code?: number }
  /** Closes the connection after the message arrived, without an answer. */
  | { kind: 'drop' };

export interface ReceivedMessage {
  raw: Buffer;
  messageId: string | null;
  idempotencyKey: string | null;
  to: string[];
  receivedAt: Date;
  parse(): Promise<ParsedMail>;
}

/** smtp-server keeps its connections in a Set; the tests need to cut them like a crash would. */
interface PeerConnection {
  session?: unknown;
  _socket?: { destroy(): void };
}

const header = (raw: string, name: string): string | null => {
  const match = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(raw);
  return match ? match[1].replace(/\r?\n[ \t]+/g, ' ').trim() : null;
};

/**
 * A real SMTP server on loopback for tests and the benchmark: it records every message it
 * accepts (a message counts as received once the peer has it, as with a real MTA) and can be
 * told to delay, answer 4xx or 5xx, or drop the connection.
 */
export class SmtpTestPeer {
  readonly received: ReceivedMessage[] = [];
  /** Decides per message; default: accept. */
  behaviour: (message: { to: string[]; messageId: string | null; index: number }) => PeerBehaviour = () => ({ kind: 'accept' });
  private server: SMTPServer | null = null;
  private attempts = 0;
  port = 0;
  /** Messages taken but not yet answered (a sender killed now leaves an ambiguous attempt). */
  inFlight = 0;

  async start(port = 0): Promise<number> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      size: 50 * 1024 * 1024,
      maxClients: 1000,
      onData: (stream, session: SMTPServerSession, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = raw
            .subarray(0, 64 * 1024)
            .toString('utf8')
            .split(/\r?\n\r?\n/)[0];
          const to = session.envelope.rcptTo.map((r) => r.address);
          const messageId = header(text, 'Message-ID');
          const decision = this.behaviour({ to, messageId, index: this.attempts++ });
          const record = () =>
            this.received.push({
              raw,
              messageId,
              idempotencyKey: header(text, 'X-CMM-Idempotency-Key'),
              to,
              receivedAt: new Date(),
              parse: () => simpleParser(raw),
            });
          switch (decision.kind) {
            case 'accept':
              // Taken for delivery before the answer, like a real MTA: a sender that dies
              // while waiting for the 250 has still delivered.
              record();
              if (!decision.delayMs) return callback(null, 'queued');
              this.inFlight += 1;
              setTimeout(() => {
                this.inFlight -= 1;
                callback(null, 'queued');
              }, decision.delayMs);
              return;
            case 'temporary':
              return callback(Object.assign(new Error('try again later'), { responseCode: decision.code ?? 451 }));
            case 'permanent':
              return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: decision.code ?? 550 }));
            case 'drop':
              for (const connection of this.connections(server)) if (connection.session === session) connection._socket?.destroy();
              return;
          }
        });
      },
    });
    server.on('error', () => undefined);
    // Without it, small SMTP replies wait for delayed ACKs (~40 ms a message on loopback).
    server.server.on('connection', (socket: import('node:net').Socket) => socket.setNoDelay(true));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    return this.port;
  }

  private connections(server: SMTPServer): PeerConnection[] {
    return [...((server as unknown as { connections?: Set<PeerConnection> }).connections ?? [])];
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Stops listening and cuts every open connection (an SMTP server that went away). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const connection of this.connections(server)) connection._socket?.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Messages received per idempotency key (the header the notifier sets). */
  countByKey(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const message of this.received) {
      const key = message.idempotencyKey ?? '(none)';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  countByMessageId(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const message of this.received) counts.set(message.messageId ?? '(none)', (counts.get(message.messageId ?? '(none)') ?? 0) + 1);
    return counts;
  }
}
