import type { NotifierLogger, ReceiptIngestService } from '@cmm/notifications';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface PecInboundOptions {
  host: string;
  port: number;
  maxBytes: number;
  ingest: ReceiptIngestService;
  logger: NotifierLogger;
}

const smtpError = (message: string, responseCode: number): Error => Object.assign(new Error(message), { responseCode });

/**
 * The inbound side of PEC: the provider (or a local relay of the mailbox) delivers receipts
 * here by SMTP. A receipt is answered 250 only once it is stored, so the sender keeps it and
 * retries on any failure (451); a message that is not a receipt is refused (550).
 */
export class PecInboundListener {
  private readonly server: SMTPServer;

  constructor(private readonly options: PecInboundOptions) {
    this.server = new SMTPServer({
      name: 'cmm-notifier',
      banner: 'CMM PEC receipts',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: options.maxBytes,
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) return callback(smtpError('message too large', 552));
          options.ingest.ingest(Buffer.concat(chunks)).then(
            (result) => {
              if (result.outcome === 'not-a-receipt') return callback(smtpError('not a certified-mail receipt', 550));
              options.logger.info({ outcome: result.outcome }, 'inbound receipt');
              callback();
            },
            (error: unknown) => {
              options.logger.error({ error: String(error) }, 'inbound receipt not stored');
              callback(smtpError('receipt not stored, try again later', 451));
            },
          );
        });
      },
    });
    this.server.on('error', (error) => options.logger.error({ error: String(error) }, 'PEC inbound listener error'));
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
    return (this.server.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
