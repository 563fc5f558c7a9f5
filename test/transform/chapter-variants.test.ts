/** The transform on variations of the sample chapter: citations in key findings, country slugs. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { slugify } from '../../src/source/slug.js';
import { buildInto, changedSource, checkChanged, outputBeside, removeFolder, replaceOnce } from '../support/build.js';
import { all, one, readHtml, textOf } from '../support/html.js';

const chapterPath = 'chapters/japan/coordination.md';

describe('citations in the key findings', () => {
  it('are checked and formatted like those in assessments', async () => {
    const sentence = 'Japan falls into the sample’s middle ranks (rank 16) in the category of coordination.';
    const source = await changedSource({ [chapterPath]: replaceOnce(sentence, `${sentence.slice(0, -1)} [@iio2008].`) });
    try {
      const built = await buildInto(outputBeside(source), { sourceDir: source });
      expect(built.diagnostics).toEqual([]);
      const page = await readHtml(path.join(outputBeside(source), 'html/japan/coordination.html'));
      expect(all(page, '.key-findings .citation').map(textOf)).toEqual(['(Iio 2008)']);
    } finally {
      await removeFolder(source);
    }
  });

  it('report an unknown key', async () => {
    const sentence = 'Japan falls into the sample’s middle ranks (rank 16) in the category of coordination.';
    const { diagnostics } = await checkChanged({ [chapterPath]: replaceOnce(sentence, `${sentence} [@nosuchkey2020]`) });
    expect(diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['unknown-citation-key']);
  });
});

describe('country slugs', () => {
  it('drop diacritics and punctuation', () => {
    expect(slugify('Côte d’Ivoire')).toBe('cote-d-ivoire');
    expect(slugify('Türkiye')).toBe('turkiye');
    expect(slugify('Česká republika')).toBe('ceska-republika');
    expect(slugify('日本')).toBe('');
  });

  it('a country name without Latin letters needs a slug, and then uses it', async () => {
    // The edition declares the country by the same name (and gives its authors and ISBN under it).
    const renamed = (text: string): string => text.replaceAll('Japan', '日本');
    const missing = await checkChanged({ [chapterPath]: replaceOnce('country: Japan', 'country: 日本'), 'edition.yaml': renamed });
    expect(missing.diagnostics).toEqual([expect.objectContaining({ ruleId: 'frontmatter-field', severity: 'error', line: 1, column: 1 })]);
    expect(missing.diagnostics[0]?.message).toContain('Add `slug:`');

    const source = await changedSource({ [chapterPath]: replaceOnce('country: Japan', 'country: 日本\nslug: nihon'), 'edition.yaml': renamed });
    try {
      const built = await buildInto(outputBeside(source), { sourceDir: source });
      expect(built.result.ok).toBe(true);
      const page = await readHtml(path.join(outputBeside(source), 'html/nihon/coordination.html'));
      expect(textOf(one(page, 'h1'))).toBe('日本: Coordination');
    } finally {
      await removeFolder(source);
    }
  });
});
