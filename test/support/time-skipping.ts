import { TestWorkflowEnvironment } from '@temporalio/testing';
import { registerCaseSearchAttributes, tracingWorkflowSinks } from '@cmm/observability';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './ports';
import { quietTemporalRuntime, workflowBundle } from './temporal-worker';

// How long a JVM may take to open its port. The SDK's own launcher gives up after a fixed
// 5 s, which a busy 2-core machine (two test runs at once, a build next door) exceeds; this
// is a hang guard, not an expectation of speed.
const START_LIMIT_MS = Number(process.env.TEMPORAL_TEST_SERVER_START_MS ?? 180_000);

// The environment's factory for an already running server. The public `createFromExistingServer`
// turns time skipping off, so the time-skipping variant of the same private factory is used;
// `time-skipping-env.spec` would fail at once if an SDK upgrade removed it.
interface EnvironmentFactory {
  create(options: {
    server: { type: 'existing' };
    supportsTimeSkipping: true;
    address: string;
    namespace: string;
  }): Promise<TestWorkflowEnvironment>;
}

const portAccepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });

async function waitUntilListening(child: ChildProcess, port: number, output: () => string): Promise<void> {
  const deadline = Date.now() + START_LIMIT_MS;
  while (!(await portAccepts(port))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the time-skipping test server exited (${child.exitCode ?? child.signalCode}) before listening:\n${output()}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the time-skipping test server did not listen on ${port} within ${START_LIMIT_MS} ms:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts the Java test server through the launcher `npm test` resolved, on a free port. */
async function startJavaTestServer(launcher: string): Promise<{ address: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(launcher, [String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitUntilListening(child, port, () => output);
  return {
    address: `127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The production workflows set the case's search attributes: the server must know them, as the worker's start ensures. */
async function withSearchAttributes(env: TestWorkflowEnvironment): Promise<TestWorkflowEnvironment> {
  await registerCaseSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

/**
 * Temporal's time-skipping test server: the Java one resolved from Maven by `npm test`
 * (TEMPORAL_TEST_SERVER), started here with a start-up limit a loaded machine can meet, or
 * the SDK's own download where Maven is missing. `teardown()` also stops the server.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietTemporalRuntime();
  const launcher = process.env.TEMPORAL_TEST_SERVER;
  if (!launcher) return withSearchAttributes(await TestWorkflowEnvironment.createTimeSkipping());
  const server = await startJavaTestServer(launcher);
  try {
    const env = await (TestWorkflowEnvironment as unknown as EnvironmentFactory).create({
      server: { type: 'existing' },
      supportsTimeSkipping: true,
      address: server.address,
      namespace: 'default',
    });
    await withSearchAttributes(env);
    const teardown = env.teardown.bind(env);
    env.teardown = async () => {
      await teardown();
      await server.stop();
    };
    return env;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * A worker on the time-skipping server with the production bundle and the spec's activities
 * (usually fakes). `stop` waits for the worker to drain, so the next test starts clean.
 */
export async function startTimeSkippingWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  activities: WorkerOptions['activities'],
): Promise<{ worker: Worker; stop(): Promise<void> }> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities,
    sinks: tracingWorkflowSinks(),
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}
