/**
 * The GitHub Actions workflows cannot run here; this checks that they parse and that their jobs
 * run what they are meant to (the release's shard and merge steps, the checks before them).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { projectRoot } from '../support/build.js';

const step = z.object({ uses: z.string().optional(), run: z.string().optional(), with: z.record(z.string(), z.unknown()).optional() });
const job = z.object({
  uses: z.string().optional(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  'runs-on': z.string().optional(),
  strategy: z.object({ matrix: z.object({ shard: z.array(z.number()) }) }).optional(),
  steps: z.array(step).optional(),
});
const workflow = z.object({ name: z.string(), on: z.record(z.string(), z.unknown()), jobs: z.record(z.string(), job) });

async function readWorkflow(name: string): Promise<z.infer<typeof workflow>> {
  return workflow.parse(parse(await readFile(path.join(projectRoot, '.github/workflows', name), 'utf8')));
}

const knownActions = /^(?:actions\/checkout@v4|actions\/setup-node@v4|actions\/upload-artifact@v4|actions\/download-artifact@v4|softprops\/action-gh-release@v2)$/;

describe('GitHub Actions workflows', () => {
  it('ci.yml runs every check, on pushes, pull requests and from the release', async () => {
    const ci = await readWorkflow('ci.yml');
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_call']);
    const runs = (ci.jobs['test']?.steps ?? []).map((entry) => entry.run).filter((run) => run !== undefined);
    expect(runs).toEqual(['npm ci', 'npm run typecheck', 'npm run lint', 'npm run build', 'npm test', 'scripts/install-clients', 'npm run test:clients']);
    for (const entry of ci.jobs['test']?.steps ?? []) if (entry.uses) expect(entry.uses).toMatch(knownActions);
  });

  it('release.yml tests, builds shards in a matrix and merges them into the release on a tag', async () => {
    const release = await readWorkflow('release.yml');
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
    expect(release.jobs['test']?.uses).toBe('./.github/workflows/ci.yml');
    const shard = release.jobs['shard'];
    expect(shard?.needs).toBe('test');
    expect(shard?.strategy?.matrix.shard.length).toBeGreaterThan(1);
    expect(shard?.steps?.some((entry) => entry.run?.includes('release source --shard ${{ matrix.shard }}/${{ strategy.job-total }}'))).toBe(true);
    const merge = release.jobs['release'];
    expect(merge?.needs).toBe('shard');
    expect(merge?.steps?.some((entry) => entry.run?.includes('release --merge shards/shard-*'))).toBe(true);
    expect(merge?.steps?.at(-1)?.uses).toBe('softprops/action-gh-release@v2');
    for (const entry of [...(shard?.steps ?? []), ...(merge?.steps ?? [])]) if (entry.uses) expect(entry.uses).toMatch(knownActions);
  });
});
