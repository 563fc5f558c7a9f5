/**
 * A generated corpus for a test file: a temporary folder with the corpus in `corpus/` below it,
 * written before the file's tests and removed after them. The paths are read in the tests (they
 * are set when the file's `beforeAll` has run).
 */
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { CorpusOptions } from '../../tools/corpus/generate.js';
import { writeCorpus } from '../../tools/corpus/write.js';
import { removeFolder, temporaryFolder } from './build.js';

export interface CorpusFolder {
  /** The temporary folder, for the test's outputs too. */
  readonly folder: string;
  /** The corpus's source folder, inside it. */
  readonly corpus: string;
}

export function corpusForTests(prefix: string, options: CorpusOptions): CorpusFolder {
  const paths = { folder: '', corpus: '' };
  beforeAll(async () => {
    paths.folder = await temporaryFolder(prefix);
    paths.corpus = path.join(paths.folder, 'corpus');
    await writeCorpus(options, paths.corpus);
  });
  afterAll(() => removeFolder(paths.folder));
  return paths;
}
