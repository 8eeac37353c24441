// Builds the single-page application into dist/apps/web (the API serves it from there).
// Bootstrap Italia's CSS is imported from the package, so Vite copies the fonts it references
// into the build: the fonts are self-hosted, never fetched from a CDN.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repository = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: { '@cmm/ui-kit': `${repository}libs/ui-kit/src/index.ts` },
  },
  build: {
    outDir: `${repository}dist/apps/web`,
    emptyOutDir: true,
    sourcemap: true,
    // Read by scripts/measure-web-budget.ts to know which chunks the first page loads.
    manifest: true,
    // The budget is measured on gzip size by scripts/measure-web-budget.sh; this only warns.
    chunkSizeWarningLimit: 900,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: false,
    // Everything that is not the app's own module graph goes to the API (npm start, default
    // port), except page loads: a request that asks for HTML is a route of the app.
    proxy: {
      '^/(?!src/|@|node_modules/|__vite).*': {
        target: process.env.CMM_API_URL ?? 'http://127.0.0.1:3000',
        bypass: (request) => (request.headers.accept?.includes('text/html') ? '/index.html' : undefined),
      },
    },
  },
});
