/**
 * The preview's web server: the output folder as the site's root, on the loopback address only,
 * with the preview script added to every HTML page it serves (the files on disk stay as the build
 * wrote them) and an event stream that tells open pages about each build. Nothing outside the
 * output folder is served: no `..`, no hidden files (the cache, the build's bookkeeping), no link
 * that leads out of it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { JsonDiagnostic } from '../diagnostics/json.js';
import { previewClientScript, previewEventsPath, previewScriptPath } from './client-script.js';

/** What every open page is told after each build. */
export interface PreviewState {
  /** Counts successful builds: a page served at another generation reloads. */
  readonly generation: number;
  /** Whether the last build succeeded (when not, the pages show the last good build and its diagnostics). */
  readonly ok: boolean;
  readonly diagnostics: readonly JsonDiagnostic[];
}

export interface PreviewServerOptions {
  /** The folder served as the site's root (the build's --out). */
  readonly root: string;
  /** 0 takes any free port. */
  readonly port: number;
  /** Asked before a file is served, with its path under the root (`pdf/japan/coordination.pdf`): brings it up to date. */
  readonly prepare?: (relative: string) => Promise<void>;
}

export interface PreviewServer {
  /** http://127.0.0.1:<port>/ */
  readonly url: string;
  /** Tells every open page the new state. */
  publish(state: PreviewState): void;
  close(): Promise<void>;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.zip': 'application/zip',
};

/** The server could not start (the port is taken, or not allowed). */
export class PreviewServerError extends Error {}

export async function startPreviewServer(options: PreviewServerOptions, initial: PreviewState): Promise<PreviewServer> {
  let state = initial;
  const listeners = new Set<ServerResponse>();
  // The first build has not written the folder yet.
  await mkdir(options.root, { recursive: true });
  const root = await realpath(options.root);

  const send = (response: ServerResponse, current: PreviewState): void => {
    response.write(`event: state\ndata: ${JSON.stringify(current)}\n\n`);
  };

  const server: Server = createServer((request, response) => {
    void answer(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`rubricpress preview: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === previewEventsPath) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      listeners.add(response);
      request.on('close', () => listeners.delete(response));
      send(response, state);
      return;
    }
    if (url.pathname === previewScriptPath) {
      response.writeHead(200, { 'content-type': contentTypes['.js'] ?? '', 'cache-control': 'no-store' }).end(previewClientScript);
      return;
    }
    const relative = servedPath(url.pathname);
    if (relative === undefined) {
      notFound(response);
      return;
    }
    await options.prepare?.(relative);
    const file = await insideRoot(root, relative);
    if (file === undefined) {
      // Until the edition has a home page of its own, the site's root leads to the HTML edition's index.
      if (relative === 'index.html' && (await insideRoot(root, 'html/index.html'))) response.writeHead(302, { location: '/html/index.html' }).end();
      else notFound(response);
      return;
    }
    const type = contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const bytes = await readFile(file);
    const body = type.startsWith('text/html') ? withPreviewScript(bytes.toString('utf8'), state.generation) : bytes;
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(new PreviewServerError(error.code === 'EADDRINUSE' ? `port ${String(options.port)} is taken; give another with --port` : `cannot serve on port ${String(options.port)}: ${error.message}`));
    });
    // The loopback address only: the preview is the author's, not the network's.
    server.listen(options.port, '127.0.0.1', () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${String(port)}/`,
    publish(next) {
      state = next;
      for (const listener of listeners) send(listener, state);
    },
    async close() {
      for (const listener of listeners) listener.end();
      listeners.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request's path as a path under the root, or undefined for one that may not be served. */
export function servedPath(pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const segments = decoded.split('/').filter((segment) => segment !== '');
  // No way up, no hidden files (the cache, the build's journal and lock), no NUL or backslash tricks.
  if (segments.some((segment) => segment === '..' || segment.startsWith('.') || /[\0\\]/.test(segment))) return undefined;
  const joined = segments.join('/');
  if (joined === '') return 'index.html';
  return decoded.endsWith('/') ? `${joined}/index.html` : joined;
}

/** The file for `relative` when it is a regular file inside the root (followed links included); undefined otherwise. */
async function insideRoot(root: string, relative: string): Promise<string | undefined> {
  const file = await realpath(path.join(root, ...relative.split('/'))).catch(() => undefined);
  if (file === undefined || !file.startsWith(root + path.sep)) return undefined;
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() === true ? file : undefined;
}

function withPreviewScript(html: string, generation: number): string {
  const tag = `<script src="${previewScriptPath}" data-generation="${String(generation)}"></script>`;
  const end = html.lastIndexOf('</body>');
  return end < 0 ? `${html}${tag}` : `${html.slice(0, end)}${tag}${html.slice(end)}`;
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found. The preview serves the editions in the output folder.\n');
}
