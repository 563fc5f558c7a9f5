/**
 * Where rubricpress itself is installed, and its version. This file sits directly in `src/` (and,
 * compiled, in `dist/`), so the package root is one folder up in both cases.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const packageRoot = fileURLToPath(new URL('../', import.meta.url));

const packageJson: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export const version =
  typeof packageJson === 'object' && packageJson !== null && 'version' in packageJson && typeof packageJson.version === 'string' ? packageJson.version : '0.0.0';

export const generator = `rubricpress ${version}`;
