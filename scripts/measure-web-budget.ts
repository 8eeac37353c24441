// Measures the JavaScript the first page (Scadenze, route `/`) downloads, gzip-compressed:
// the entry chunk, every chunk it imports statically, and the lazy Scadenze page with its own
// static imports — what the browser fetches before the page can show its data. Reads the
// build's Vite manifest (run `vite build --config apps/web/vite.config.ts` first).
// Usage: node -r ./scripts/register-ts.js scripts/measure-web-budget.ts [budget KB, default 250]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const DIST = join(__dirname, '..', 'dist', 'apps', 'web');
const FIRST_PAGE = 'src/pages/deadlines-page.tsx';

function main(budgetKb: number): number {
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  if (!entry) throw new Error('no entry chunk in the manifest');
  if (!manifest[FIRST_PAGE]) throw new Error(`${FIRST_PAGE} is not a chunk of the build`);
  const loaded = new Set<string>();
  const visit = (key: string): void => {
    if (loaded.has(key)) return;
    loaded.add(key);
    for (const imported of manifest[key].imports ?? []) visit(imported);
  };
  visit(entry);
  visit(FIRST_PAGE);
  let total = 0;
  const rows = [...loaded].map((key) => {
    const file = manifest[key].file;
    const gzip = gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
    total += gzip;
    return { file, gzipKb: (gzip / 1024).toFixed(1) };
  });
  for (const row of rows.sort((a, b) => Number(b.gzipKb) - Number(a.gzipKb))) console.log(`${row.gzipKb.padStart(8)} KB  ${row.file}`);
  const totalKb = total / 1024;
  console.log(`first page JavaScript: ${totalKb.toFixed(1)} KB gzip (budget ${budgetKb} KB) in ${rows.length} files`);
  return totalKb <= budgetKb ? 0 : 1;
}

process.exit(main(Number(process.argv[2] ?? 250)));
