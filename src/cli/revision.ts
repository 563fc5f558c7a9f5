/**
 * The source's revision for a release manifest, read at the CLI edge: `git rev-parse HEAD` in the
 * source folder when it lies in a git repository, else the SOURCE_REVISION environment variable,
 * else "unknown".
 */
import { execFileSync } from 'node:child_process';

export function sourceRevisionOf(sourceDir: string, env: NodeJS.ProcessEnv): string {
  try {
    const head = execFileSync('git', ['-C', sourceDir, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
    if (/^[0-9a-f]{40,64}$/.test(head)) return head;
  } catch {
    // Not a git repository, or no git: the environment may tell.
  }
  const fromEnv = env['SOURCE_REVISION']?.trim();
  return fromEnv ? fromEnv : 'unknown';
}
