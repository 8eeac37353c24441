// Builds the workflow bundle the worker loads at start (and the tests load too), so a
// worker never bundles at boot and CI proves that the @cmm/* aliases resolve inside it.
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
export const WORKFLOW_BUNDLE_PATH = join(ROOT, 'dist', 'workflow-bundle.js');

function aliasesFromTsconfig(): Record<string, string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { compilerOptions } = require(join(ROOT, 'tsconfig.base.json')) as {
    compilerOptions: { paths: Record<string, [string]> };
  };
  return Object.fromEntries(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`${alias}$`, join(ROOT, target)]));
}

export async function buildWorkflowBundle(outputPath = WORKFLOW_BUNDLE_PATH): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: join(ROOT, 'workflows', 'index.ts'),
    workflowInterceptorModules: [join(ROOT, 'workflows', 'interceptors.ts')],
    webpackConfigHook: (config) => ({
      ...config,
      resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...aliasesFromTsconfig() } },
    }),
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: console.warn,
      error: console.error,
    },
  });
  await mkdir(dirname(outputPath), { recursive: true });
  await writeFile(outputPath, code);
  return outputPath;
}

if (require.main === module) {
  buildWorkflowBundle(process.argv[2]).then(
    (path) => console.error(`[cmm] workflow bundle written to ${path}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
