/**
 * Previews for people: page 1 of every edition of a build as a PNG, `<format>-<country>-<chapter>.png`
 * (e.g. pdf-japan-coordination.png). The PDF through poppler's pdftoppm at 80 dpi; the DOCX through
 * LibreOffice (to PDF) and pdftoppm; the HTML as Chromium shows its first screen in an A4-shaped
 * window. The client suite (test/clients/previews.test.ts) writes them to out/preview/.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { requireProgram } from '../support/clients.js';
import { launchChromium } from '../support/chromium.js';

const run = promisify(execFile);

export const previewResolution = 80;
/** The HTML preview's window: 1024 CSS pixels wide, A4's proportions. */
export const htmlWindow = { width: 1024, height: Math.round(1024 * Math.SQRT2) } as const;

export interface Preview {
  readonly format: 'html' | 'pdf' | 'docx';
  /** The edition, relative to the build's output folder, e.g. pdf/japan/coordination.pdf. */
  readonly edition: string;
  readonly png: string;
}

/** The editions of a build that get a preview: every chapter file and book of each format (not the web edition's own pages: its tests take their screenshots). */
async function editions(outDir: string, format: Preview['format']): Promise<string[]> {
  const folder = path.join(outDir, format);
  const names = (await readdir(folder, { recursive: true }).catch(() => [] as string[])).map((name) => name.split(path.sep).join('/'));
  const sitePage = (name: string): boolean => format === 'html' && (!name.includes('/') || /^(?:countries|categories|indicators|assets)\//u.test(name));
  return names.filter((name) => name.endsWith(`.${format}`) && !sitePage(name)).sort();
}

function previewName(format: Preview['format'], name: string): string {
  return `${format}-${name.slice(0, -path.extname(name).length).split(path.sep).join('-')}.png`;
}

/** Page 1 of a PDF as `png` (pdftoppm writes `<root>.png` with -singlefile). */
async function firstPageOfPdf(pdf: string, png: string): Promise<void> {
  await run('pdftoppm', ['-r', String(previewResolution), '-png', '-f', '1', '-l', '1', '-singlefile', pdf, png.slice(0, -'.png'.length)]);
}

export async function renderPreviews(outDir: string, previewDir: string): Promise<Preview[]> {
  requireProgram('pdftoppm', 'poppler-utils');
  await mkdir(previewDir, { recursive: true });
  const previews: Preview[] = [];

  for (const name of await editions(outDir, 'pdf')) {
    const png = path.join(previewDir, previewName('pdf', name));
    await firstPageOfPdf(path.join(outDir, 'pdf', name), png);
    previews.push({ format: 'pdf', edition: path.join('pdf', name), png });
  }

  const docx = await editions(outDir, 'docx');
  if (docx.length > 0) {
    requireProgram('soffice', 'libreoffice-writer-nogui');
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'rubricpress-preview-'));
    try {
      // A LibreOffice profile of its own, so an office already running elsewhere does not take the job.
      const profile = pathToFileURL(path.join(scratch, 'profile')).href;
      for (const [index, name] of docx.entries()) {
        const converted = path.join(scratch, String(index));
        await run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', converted, path.join(outDir, 'docx', name)], { timeout: 120_000 });
        const png = path.join(previewDir, previewName('docx', name));
        await firstPageOfPdf(path.join(converted, `${path.basename(name, '.docx')}.pdf`), png);
        previews.push({ format: 'docx', edition: path.join('docx', name), png });
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  const html = await editions(outDir, 'html');
  if (html.length > 0) {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: htmlWindow });
      for (const name of html) {
        await page.goto(pathToFileURL(path.join(outDir, 'html', name)).href, { waitUntil: 'load' });
        await page.evaluate('document.fonts.ready');
        const png = path.join(previewDir, previewName('html', name));
        await page.screenshot({ path: png });
        previews.push({ format: 'html', edition: path.join('html', name), png });
      }
    } finally {
      await browser.close();
    }
  }
  return previews;
}
