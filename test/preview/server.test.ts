/** The preview's server: the output folder as the site, on 127.0.0.1, with the reload script in HTML pages only, and nothing else served. */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedPath, startPreviewServer, type PreviewServer } from '../../src/preview/server.js';
import { previewClientScript, previewEventsPath, previewScriptPath } from '../../src/preview/client-script.js';
import { removeFolder, temporaryFolder } from '../support/build.js';

let folder: string;
let root: string;
let server: PreviewServer;
const asked: string[] = [];

beforeAll(async () => {
  folder = await temporaryFolder('rubricpress-preview-');
  root = path.join(folder, 'out');
  await mkdir(path.join(root, 'html/japan'), { recursive: true });
  await mkdir(path.join(root, '.cache'), { recursive: true });
  await writeFile(path.join(root, 'html/index.html'), '<!DOCTYPE html><html><body><p>Index</p></body></html>');
  await writeFile(path.join(root, 'html/japan/coordination.html'), '<!DOCTYPE html><html><body><p>Chapter</p></body></html>');
  await writeFile(path.join(root, '.cache/secret.json'), '{}');
  await writeFile(path.join(folder, 'outside.txt'), 'not the site');
  await symlink(path.join(folder, 'outside.txt'), path.join(root, 'html/leak.txt'));
  server = await startPreviewServer({ root, port: 0, prepare: (relative) => Promise.resolve(void asked.push(relative)) }, { generation: 3, ok: true, diagnostics: [] });
});
afterAll(async () => {
  await server.close();
  await removeFolder(folder);
});

describe('the preview server', () => {
  it('listens on the loopback address only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves an HTML page with the reload script and its build generation, as the file on disk is not', async () => {
    const response = await fetch(new URL('html/japan/coordination.html', server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe(`<!DOCTYPE html><html><body><p>Chapter</p><script src="${previewScriptPath}" data-generation="3"></script></body></html>`);
    expect(asked).toContain('html/japan/coordination.html');
    const script = await fetch(new URL(previewScriptPath, server.url));
    expect(await script.text()).toBe(previewClientScript);
  });

  it("leads from the site's root to the HTML edition's index", async () => {
    const response = await fetch(server.url, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/html/index.html');
  });

  it('serves nothing outside the folder, nothing hidden, and nothing a link leads out to', async () => {
    for (const asked of ['/.cache/secret.json', '/html/../../outside.txt', '/html/%2e%2e/%2e%2e/outside.txt', '/html/leak.txt', '/html/%00.html', '/nothing-here.html']) {
      const response = await fetch(new URL(asked, server.url));
      expect(response.status, asked).toBe(404);
      expect(await response.text()).not.toContain('not the site');
    }
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });

  it('tells every open page the state at once and after each build', async () => {
    const controller = new AbortController();
    const response = await fetch(new URL(previewEventsPath, server.url), { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    const nextEvent = async (): Promise<string> => {
      let text = '';
      while (!text.endsWith('\n\n')) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        text += decoder.decode(chunk.value);
      }
      return text;
    };
    expect(await nextEvent()).toBe(`event: state\ndata: ${JSON.stringify({ generation: 3, ok: true, diagnostics: [] })}\n\n`);
    const diagnostics = [{ file: 'source/chapters/japan/coordination.md', line: 9, column: 3, endLine: null, endColumn: null, severity: 'error' as const, ruleId: 'score-out-of-scale', message: 'The score 11 lies outside the scale.', url: null }];
    server.publish({ generation: 3, ok: false, diagnostics });
    expect(JSON.parse((await nextEvent()).split('data: ')[1] ?? '')).toEqual({ generation: 3, ok: false, diagnostics });
    controller.abort();
  });
});

describe('paths the preview serves', () => {
  it.each([
    ['/', 'index.html'],
    ['/html/', 'html/index.html'],
    ['/html/japan/coordination.html', 'html/japan/coordination.html'],
    ['/pdf/c%C3%B4te-d-ivoire/coordination.pdf', 'pdf/côte-d-ivoire/coordination.pdf'],
    ['/html/../x', undefined],
    ['/.cache/x', undefined],
    ['/html/%2e%2e/x', undefined],
    ['/html/a%5c..%5cb', undefined],
    ['/%E0%A4%A', undefined],
  ])('%s → %s', (pathname, expected) => {
    expect(servedPath(pathname)).toBe(expected);
  });
});
