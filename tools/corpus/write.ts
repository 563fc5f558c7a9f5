/** Writing a generated corpus to disk: the source folder, and the same content for the peers. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { corpusFiles, generateCorpus, type CorpusOptions } from './generate.js';
import { pandocFiles } from './pandoc.js';

async function writeAll(folder: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const [relative, text] of files) {
    const target = path.join(folder, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  }
}

/**
 * Writes the corpus as a source folder into `outDir` (emptied first), and, with `peersDir`, as
 * Pandoc Markdown with CSL-JSON. Returns the number of chapters.
 */
export async function writeCorpus(options: CorpusOptions, outDir: string, peersDir?: string): Promise<number> {
  const corpus = generateCorpus(options);
  await rm(outDir, { recursive: true, force: true });
  await writeAll(outDir, corpusFiles(corpus));
  if (peersDir !== undefined) {
    await rm(peersDir, { recursive: true, force: true });
    await writeAll(peersDir, pandocFiles(corpus));
  }
  return corpus.chapters.length;
}
