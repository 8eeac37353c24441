import { startBrowserStack } from './browser-stack';

/** Starts the stack once; the returned function is Playwright's teardown. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const { env, stop } = await startBrowserStack();
  // Workers inherit the environment of the global setup.
  Object.assign(process.env, env);
  return stop;
}
