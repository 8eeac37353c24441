import fc from 'fast-check';
import { connect } from 'node:net';
import { Counter, Registry } from 'prom-client';
import { cachedRead } from './metrics-registry';
import { type RunningMetricsServer, startMetricsServer } from './metrics-server';

/** Writes raw bytes on a fresh connection and returns whatever the server answers before closing. */
const rawExchange = (port: number, bytes: Uint8Array): Promise<string> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.setTimeout(2_000, () => socket.destroy());
    socket.end(bytes);
  });

describe('metrics server', () => {
  let server: RunningMetricsServer;
  let url: string;

  beforeAll(async () => {
    const registry = new Registry();
    new Counter({ name: 'cmm_test_events_total', help: 'test', registers: [registry] }).inc(3);
    server = await startMetricsServer({
      host: '127.0.0.1',
      port: 0,
      registry,
      extra: async () => '# TYPE temporal_test_gauge gauge\ntemporal_test_gauge 7\n',
    });
    url = `http://127.0.0.1:${server.port}`;
  });

  afterAll(() => server?.close());

  it('answers GET /metrics in the text format, with the appended exposition after its own', async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await response.text();
    expect(body).toMatch(/^cmm_test_events_total 3$/m);
    expect(body).toMatch(/^temporal_test_gauge 7$/m);
    expect(body.indexOf('cmm_test_events_total')).toBeLessThan(body.indexOf('temporal_test_gauge'));
  });

  it('takes a query string (some scrapers add one) and HEAD', async () => {
    expect((await fetch(`${url}/metrics?name[]=x`)).status).toBe(200);
    const head = await fetch(`${url}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it.each([
    ['GET', '/'],
    ['GET', '/metrics/'],
    ['GET', '/metricsx'],
    ['GET', '/status'],
    ['POST', '/metrics'],
    ['DELETE', '/metrics'],
  ])('answers 404 to %s %s', async (method, path) => {
    const response = await fetch(`${url}${path}`, { method, body: method === 'POST' ? 'x'.repeat(10_000) : undefined });
    expect(response.status).toBe(404);
  });

  it('answers 400 to a malformed request and keeps serving, whatever bytes arrive', async () => {
    expect(await rawExchange(server.port, Buffer.from('GARBAGE\r\n\r\n'))).toMatch(/^HTTP\/1\.1 400/);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2_000 }), async (bytes) => {
        await rawExchange(server.port, bytes);
      }),
      { numRuns: 60 },
    );
    await rawExchange(server.port, Buffer.from(`GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n\u0000\u00ff\u0001ab`));
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
  });

  it('answers 500, not a crash, when collecting fails', async () => {
    const registry = new Registry();
    const failing = await startMetricsServer({
      host: '127.0.0.1',
      port: 0,
      registry,
      extra: () => Promise.reject(new Error('boom')),
      logger: { warn: () => undefined },
    });
    try {
      expect((await fetch(`http://127.0.0.1:${failing.port}/metrics`)).status).toBe(500);
    } finally {
      await failing.close();
    }
  });
});

describe('cachedRead', () => {
  it('reads once per interval, shares a read in flight, and forgets a failed one', async () => {
    let now = 0;
    let reads = 0;
    let fail = false;
    const read = cachedRead(
      async () => {
        reads += 1;
        if (fail) throw new Error('down');
        return reads;
      },
      5_000,
      () => now,
    );
    expect(await Promise.all([read(), read()])).toEqual([1, 1]);
    now = 4_999;
    expect(await read()).toBe(1);
    now = 5_000;
    fail = true;
    await expect(read()).rejects.toThrow('down');
    fail = false;
    expect(await read()).toBe(3);
    expect(reads).toBe(3);
  });
});
