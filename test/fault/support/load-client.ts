// The client of the fault suite's mixed load: it talks to the topology's balancer as the web
// application and the municipalities' systems do, and behaves as a careful client must when a
// fault strikes. A request whose answer never arrived (a 5xx, a connection cut) is sent again with
// the same Idempotency-Key, so the server applies it once; a 429 waits for Retry-After. It
// counts what it met, for the README's table.
import { randomUUID } from 'node:crypto';

export interface Answer<T = unknown> {
  status: number;
  body: T;
}

export interface LoadCounts {
  requests: number;
  answers5xx: number;
  /** Requests whose connection the fault cut before an answer. */
  connectionsCut: number;
  answers429: number;
  /** The longest a request waited for its answer, its repeats included. */
  slowestMs: number;
}

export interface TokenClaims {
  subject: string;
  role: 'officer' | 'manager' | 'admin' | 'comune' | 'mayor_office';
  istatCode?: string;
  name?: string;
  email?: string;
}

/** How long a client keeps repeating a request: longer than the longest fault (Redis down 60 s) and its recovery. */
const PATIENCE_MS = 180_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The connection went away before an answer: fetch's TypeError, from undici's realm, not this context's. */
const isCutConnection = (error: unknown) => (error as Error)?.name === 'TypeError';

export class LoadClient {
  readonly counts: LoadCounts = { requests: 0, answers5xx: 0, connectionsCut: 0, answers429: 0, slowestMs: 0 };

  /** `bearer` signs a token the APIs accept ("Bearer …"): the topology's development issuer, or a test's. */
  constructor(
    readonly url: string,
    readonly bearer: (claims: TokenClaims) => Promise<string>,
  ) {}

  /**
   * A JSON request (or none for GET); answers the first answer that is not a 5xx nor a 429.
   * `headers` may replace the Authorization (a conference answer link has no token).
   */
  async send<T = unknown>(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const idempotencyKey = `load-${randomUUID()}`;
    return this.repeat(async () =>
      fetch(`${this.url}${path}`, {
        method,
        headers: {
          ...(token ? { Authorization: token } : {}),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(method === 'GET' ? {} : { 'Idempotency-Key': idempotencyKey }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  }

  /** Uploads a document (multipart, as the web app does); answers its upload id. */
  async upload(token: string, kind: string, title: string, bytes: Buffer = minimalPdf(title), filename = 'atto.pdf'): Promise<string> {
    const answer = await this.repeat<{ uploadId: string }>(() => {
      const form = new FormData();
      form.set('kind', kind);
      form.set('title', title);
      form.set('file', new Blob([bytes], { type: filename.endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream' }), filename);
      return fetch(`${this.url}/uploads`, { method: 'POST', headers: { Authorization: token }, body: form });
    });
    if (answer.status !== 201) throw new Error(`upload "${title}" answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.uploadId;
  }

  private async repeat<T>(attempt: () => Promise<Response>): Promise<Answer<T>> {
    const started = Date.now();
    try {
      return await this.repeatUntilAnswered<T>(attempt, started + PATIENCE_MS);
    } finally {
      this.counts.slowestMs = Math.max(this.counts.slowestMs, Date.now() - started);
    }
  }

  private async repeatUntilAnswered<T>(attempt: () => Promise<Response>, giveUpAt: number): Promise<Answer<T>> {
    for (;;) {
      const patient = Date.now() < giveUpAt;
      this.counts.requests++;
      let response: Response;
      try {
        response = await attempt();
      } catch (error) {
        if (!isCutConnection(error) || !patient) throw error;
        this.counts.connectionsCut++;
        await pause(500);
        continue;
      }
      if (response.status === 429 && patient) {
        this.counts.answers429++;
        await response.arrayBuffer();
        await pause(Math.min(Number(response.headers.get('retry-after') ?? 1), 10) * 1_000);
        continue;
      }
      if (response.status >= 500 && patient) {
        this.counts.answers5xx++;
        await response.arrayBuffer();
        await pause(500);
        continue;
      }
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // Not JSON (a file): the text is the body.
      }
      return { status: response.status, body: body as T };
    }
  }
}

/** A small well-formed PDF carrying `text`, so every upload has its own content. */
export const minimalPdf = (text: string): Buffer =>
  Buffer.from(`%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% ${text.replace(/[\r\n]/g, ' ')}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
