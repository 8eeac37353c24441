import { connect } from 'node:net';
import { createTimeSkippingEnv } from '@cmm/test-support';

const accepts = (address: string): Promise<boolean> =>
  new Promise((resolve) => {
    const [host, port] = address.split(':');
    const socket = connect(Number(port), host);
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });

// The workflow tier starts its own Java test server with a tolerant start-up limit (see
// test/support/time-skipping.ts); this proves the environment it builds really skips time
// and that teardown leaves no server behind.
describe('time-skipping environment', () => {
  it('skips ninety days of server time without waiting for them, and teardown stops the server', async () => {
    const env = await createTimeSkippingEnv();
    try {
      expect(env.supportsTimeSkipping).toBe(true);
      const before = await env.currentTimeMs();
      await env.sleep('90 days');
      const after = await env.currentTimeMs();
      expect(after - before).toBeGreaterThanOrEqual(90 * 24 * 3600 * 1000);
    } finally {
      await env.teardown();
    }
    if (process.env.TEMPORAL_TEST_SERVER) expect(await accepts(env.address)).toBe(false);
  });
});
