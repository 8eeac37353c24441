// The baseline's worker process (a process of its own, as our worker is): it runs the trivial
// workflows of the bare-start baseline and the long-lived background workflows, and prints
// how many background workflows are waiting so the bench knows when they all are.
import { NativeConnection, Runtime, Worker, DefaultLogger } from '@temporalio/worker';
import { resolve } from 'node:path';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
  let waiting = 0;
  const workflowsPath = resolve(__dirname, 'bare-start.workflows.ts');
  const queues = [process.env.BARE_START_QUEUE, process.env.BACKGROUND_QUEUE].filter((q): q is string => !!q);
  const workers = await Promise.all(
    queues.map((taskQueue) =>
      Worker.create({
        connection,
        taskQueue,
        workflowsPath,
        sinks: { progress: { waiting: { fn: () => void waiting++, callDuringReplay: false } } },
      }),
    ),
  );
  const report = setInterval(() => console.log(`background waiting ${waiting}`), 500);
  console.log('bare worker started');
  await Promise.all(workers.map((w) => w.run()));
  clearInterval(report);
  await connection.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
