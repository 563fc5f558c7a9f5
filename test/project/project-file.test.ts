/**
 * The project file read alone: its settings with folders relative to it, every problem at its
 * position with its rule, and no folder outside the project, as written or through a link.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readProjectFile } from '../../src/project/project-file.js';
import { removeFolder, temporaryFolder } from '../support/build.js';

let project: string;
beforeEach(async () => {
  project = await temporaryFolder('rubricpress-project-');
});
afterEach(async () => {
  await removeFolder(project);
});

async function read(text: string): Promise<Awaited<ReturnType<typeof readProjectFile>>> {
  const file = path.join(project, 'rubricpress.yaml');
  await writeFile(file, text);
  return readProjectFile(file);
}

function problems(result: Awaited<ReturnType<typeof readProjectFile>>): string[] {
  return sorted(result).map((message) => `${message.line ?? '-'}:${message.column ?? '-'} ${message.ruleId ?? ''}`);
}

/** The messages in the order they are printed: by position. */
function sorted(result: Awaited<ReturnType<typeof readProjectFile>>): typeof result.file.messages {
  return [...result.file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

describe('the project file', () => {
  it('gives its settings, folders resolved against its own folder', async () => {
    const { settings, file } = await read('source: reports/src\ntemplates: look\nout: public\ncache: .build-cache\nformats: [pdf, html, pdf]\nstrict: true\npdfa: true\njobs: 3\n');
    expect(file.messages).toEqual([]);
    expect(settings).toEqual({
      file: path.join(project, 'rubricpress.yaml'),
      sourceDir: path.join(project, 'reports/src'),
      templatesDir: path.join(project, 'look'),
      outDir: path.join(project, 'public'),
      cacheDir: path.join(project, '.build-cache'),
      formats: ['pdf', 'html'],
      strict: true,
      pdfArchive: true,
      jobs: 3,
    });
  });

  it('takes `cache: false` as no cache, and an empty file as no settings', async () => {
    expect((await read('cache: false\n')).settings?.cacheDir).toBe(false);
    const empty = await read('# nothing set yet\n');
    expect(empty.file.messages).toEqual([]);
    expect(empty.settings).toEqual({ file: path.join(project, 'rubricpress.yaml') });
  });

  it('reports each wrong field once, at its line and column, with a suggestion for a misspelt one', async () => {
    const result = await read('source: src\nfromats: [html]\njobs: two\ncache: true\nstrict: yes please\n');
    expect(result.settings).toBeUndefined();
    expect(problems(result)).toEqual(['2:1 project-field', '3:7 project-field', '4:8 project-field', '5:9 project-field']);
    const messages = sorted(result).map((message) => message.reason);
    expect(messages[0]).toMatch(/fromats.*formats/);
    expect(messages.slice(1)).toEqual([expect.stringMatching(/`jobs` must be a whole number/), expect.stringMatching(/`cache` must be a folder, or false/), expect.stringMatching(/`strict` must be true or false/)]);
  });

  it('names the formats it takes', async () => {
    const result = await read('formats: [html, epub]\n');
    expect(problems(result)).toEqual(['1:17 project-field']);
    expect(result.file.messages[0]?.reason).toMatch(/html, pdf, docx/);
  });

  it('refuses a folder outside the project, as written or absolute, at its value', async () => {
    const result = await read(`source: ../elsewhere\nout: ${path.join(path.dirname(project), 'shared-out')}\ncache: inside/../../escaped\ntemplates: ./look\n`);
    expect(result.settings).toBeUndefined();
    expect(problems(result)).toEqual(['1:9 project-path-outside', '2:6 project-path-outside', '3:8 project-path-outside']);
    expect(result.file.messages[0]?.reason).toContain("leads outside the project's folder");
  });

  it('refuses a folder that a symbolic link inside the project leads out of it', async () => {
    const outside = await temporaryFolder('rubricpress-elsewhere-');
    try {
      await symlink(outside, path.join(project, 'linked'));
      const result = await read('out: linked/editions\nsource: source\n');
      expect(problems(result)).toEqual(['1:6 project-path-outside']);
    } finally {
      await removeFolder(outside);
    }
  });

  it('is not read when it is a link out of its folder, a folder, or missing; nothing of it is quoted', async () => {
    const outside = await temporaryFolder('rubricpress-elsewhere-');
    try {
      await writeFile(path.join(outside, 'secret.yaml'), 'token: npm_abcdefSECRET\n');
      await symlink(path.join(outside, 'secret.yaml'), path.join(project, 'rubricpress.yaml'));
      const linked = await readProjectFile(path.join(project, 'rubricpress.yaml'));
      expect(problems(linked)).toEqual(['-:- source-outside-folder']);
      expect(JSON.stringify(linked.file.messages)).not.toContain('SECRET');
      await mkdir(path.join(project, 'folder.yaml'));
      expect(problems(await readProjectFile(path.join(project, 'folder.yaml')))).toEqual(['-:- source-not-a-file']);
      expect(problems(await readProjectFile(path.join(project, 'missing.yaml')))).toEqual(['-:- source-missing']);
    } finally {
      await removeFolder(outside);
    }
  });
});
