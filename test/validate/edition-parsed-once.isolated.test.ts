/** edition.yaml is parsed once: `readEdition` gives the positions that later checks need. */
import { VFile } from 'vfile';
import { describe, expect, it, vi } from 'vitest';
import * as yaml from 'yaml';
import { readEdition } from '../../src/source/edition.js';
import { compileSample, lineColumnOf } from '../support/build.js';
import { sampleText } from '../support/diagnostics.js';

vi.mock('yaml', async (importOriginal) => {
  const actual = await importOriginal<typeof import('yaml')>();
  return { ...actual, parseDocument: vi.fn(actual.parseDocument) };
});

const edition = sampleText('edition.yaml');

describe('reading edition.yaml', () => {
  it('gives the edition and where each of its fields stands', () => {
    const read = readEdition(new VFile({ path: 'edition.yaml', value: edition }));
    expect(read?.edition.citationStyle).toBe('house-author-date');
    expect(read?.positionOf('citationStyle')?.start).toMatchObject(lineColumnOf(edition, 'house-author-date'));
    expect(read?.positionOf('language')?.start).toMatchObject(lineColumnOf(edition, 'en-US'));
  });

  it('parses edition.yaml once per build', async () => {
    const parseDocument = vi.mocked(yaml.parseDocument);
    parseDocument.mockClear();
    await compileSample();
    const ofEdition = parseDocument.mock.calls.filter(([text]) => text === edition);
    expect(ofEdition).toHaveLength(1);
  });
});
