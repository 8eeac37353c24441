import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** The repository root, found from this file in `apps/` as well as in `dist/apps/`. */
const repositoryRoot = (): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return process.cwd();
};

export const webDistDirectory = (configured: string): string =>
  isAbsolute(configured) ? configured : resolve(repositoryRoot(), configured);
