/**
 * The project file on the command line: its settings used, flags over them, its folders held to the
 * folder rules flags are held to, its problems printed at their positions with exit 2 before
 * anything is read or written, and ./rubricpress.yaml found by the installed command.
 */
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/main.js';
import { removeFolder, sampleSource, temporaryFolder } from '../support/build.js';
import { runBin, runCli } from '../support/cli.js';

let project: string;
let projectFile: string;
beforeEach(async () => {
  project = await temporaryFolder('rubricpress-project-');
  projectFile = path.join(project, 'rubricpress.yaml');
  await cp(sampleSource, path.join(project, 'reports'), { recursive: true });
});
afterEach(async () => {
  await removeFolder(project);
});

async function entries(folder: string): Promise<string[]> {
  // rubricpress's own bookkeeping (.rubricpress: the commit's journal and lock) aside.
  return (await readdir(folder).catch(() => [])).filter((name) => name !== '.rubricpress').sort();
}

describe('rubricpress with a project file', () => {
  it('builds with its source, output, formats and cache setting', async () => {
    await writeFile(projectFile, 'source: reports\nout: public\nformats: [html]\ncache: false\n');
    const run = await runCli(['build', '--project', projectFile, '--no-verify', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(ExitCode.ok);
    expect(await entries(path.join(project, 'public'))).toEqual(['data', 'html', 'index.html']);
  });

  it('lets flags win over it', async () => {
    await writeFile(projectFile, 'source: reports\nout: public\nformats: [html]\ncache: false\n');
    const other = path.join(project, 'elsewhere');
    const run = await runCli(['build', '--project', projectFile, '--out', other, '--no-verify', '--quiet']);
    expect(run.code).toBe(ExitCode.ok);
    expect(await entries(project)).toEqual(['elsewhere', 'reports', 'rubricpress.yaml']);
    expect(await entries(other)).toEqual(['data', 'html', 'index.html']);
  });

  it('holds its folders to the rules of flags: no output over the source, named as the file names it', async () => {
    await writeFile(projectFile, 'source: reports\nout: reports/out\n');
    const run = await runCli(['build', '--project', projectFile]);
    expect(run.code).toBe(ExitCode.usage);
    expect(run.stderr).toMatch(/the output folder .*reports\/out lies inside the source folder .*; rubricpress writes only outside what it reads\. Give out in rubricpress\.yaml a folder of its own\./);
    expect(await entries(path.join(project, 'reports'))).toEqual(await entries(sampleSource));
  });

  it('prints its problems at their positions and stops with exit 2, in the report format check asks for', async () => {
    await writeFile(projectFile, 'source: reports\nout: ../shared\nstrickt: true\n');
    const text = await runCli(['build', '--project', projectFile]);
    expect(text.code).toBe(ExitCode.usage);
    expect(text.stderr).toMatch(/rubricpress\.yaml:2:6: error: .*leads outside the project's folder/);
    expect(text.stderr).toMatch(/rubricpress\.yaml:3:1: error: .*`strickt`.*Did you mean `strict`\?/);
    expect(await entries(path.dirname(project))).not.toContain('shared');
    const json = await runCli(['check', '--project', projectFile, '--format', 'json']);
    expect(json.code).toBe(ExitCode.usage);
    expect(json.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { ruleId: string }).ruleId)).toEqual(['project-path-outside', 'project-field']);
  });

  it('refuses --project with --no-project', async () => {
    const run = await runCli(['check', '--project', projectFile, '--no-project']);
    expect(run.code).toBe(ExitCode.usage);
    expect(run.stderr).toContain('give one of the two');
  });

  it('is found in the working folder by the installed command, and --no-project leaves it unread', async () => {
    await writeFile(projectFile, 'source: reports\nfromats: [html]\n');
    const found = await runBin(['check'], { cwd: project });
    expect(found.code).toBe(ExitCode.usage);
    expect(found.stderr).toContain('rubricpress.yaml:2:1: error:');
    await mkdir(path.join(project, 'source'));
    await cp(path.join(project, 'reports'), path.join(project, 'source'), { recursive: true });
    const ignored = await runBin(['check', '--no-project', '--quiet'], { cwd: project });
    expect(ignored.stderr).toBe('');
    expect(ignored.code).toBe(ExitCode.ok);
  });
});
