/**
 * vitest global setup: the render pool's workers and the installed command run the compiled dist/,
 * while the tests import src/. When a source file is newer than its compiled file (an edit since the
 * last `npm run compile`), compile first, so that no test runs yesterday's workers.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function stale(): boolean {
  const sources = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));
  return sources.some((name) => {
    const compiled = path.join(root, 'dist', name.replace(/\.ts$/, '.js'));
    try {
      return statSync(compiled).mtimeMs < statSync(path.join(root, 'src', name)).mtimeMs;
    } catch {
      return true;
    }
  });
}

export default function setup(): void {
  if (stale()) execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
