// Fallback for machines with neither the `temporal` binary nor Go: the SDK downloads the
// same dev server (Temporal CLI) into its cache and runs it until we are told to stop.
const { TestWorkflowEnvironment } = require('@temporalio/testing');
const { parseArgs } = require('node:util');

async function main() {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'ui-port': { type: 'string' }, 'db-filename': { type: 'string' } },
  });
  const uiPort = values['ui-port'] ? Number(values['ui-port']) : undefined;
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port: Number(values.port),
      ui: uiPort !== undefined,
      uiPort,
      dbFilename: values['db-filename'],
    },
  });
  console.log(`temporal dev server (SDK download) on ${env.address}`);
  const stop = () => env.teardown().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
