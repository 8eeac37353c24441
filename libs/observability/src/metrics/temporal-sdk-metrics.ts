import { createServer } from 'node:net';

export interface TemporalSdkMetrics {
  /** For `Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress } } } })`. */
  bindAddress: string;
  /** The SDK exporter's text, or a comment saying why it is missing (never throws). */
  read(): Promise<string>;
}

const freeLoopbackPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/**
 * The Temporal SDK's core (Rust) exports its worker metrics (task latencies, slots, sticky cache,
 * failures) over its own HTTP server. We bind it to a free loopback port and append its text to
 * our /metrics, so the worker is one scrape target on one configured port, and the SDK's port is
 * never reachable from outside the host.
 */
export async function temporalSdkMetrics(timeoutMs = 3_000): Promise<TemporalSdkMetrics> {
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}/metrics`;
  return {
    bindAddress: `127.0.0.1:${port}`,
    async read() {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) return `# Temporal SDK metrics unavailable: HTTP ${response.status}\n`;
        return await response.text();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return `# Temporal SDK metrics unavailable: ${reason.replace(/\s+/g, ' ')}\n`;
      }
    },
  };
}
