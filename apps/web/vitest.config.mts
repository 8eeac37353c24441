// Component tests (*.test.tsx / *.test.ts under apps/web) in jsdom, with the app's real
// translations. The kit ships only main/module entries: it is aliased to its CommonJS build,
// and the JSX runtime stays in production mode because importing the kit sets NODE_ENV.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const repository = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  // Importing the kit sets process.env.NODE_ENV to production, which drops React's development
  // JSX runtime: compile JSX for the production runtime so components importing the kit render.
  oxc: { jsx: { runtime: 'automatic', development: false } },
  resolve: {
    alias: {
      '@cmm/ui-kit': `${repository}libs/ui-kit/src/index.ts`,
      'design-react-kit': `${repository}node_modules/design-react-kit/dist/index.cjs`,
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
    env: { TZ: 'UTC' },
  },
});
