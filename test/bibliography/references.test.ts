import { describe, it, expect } from 'vitest';
import {
  COMMON_REQUIRED_FIELDS,
  missingFields,
  parseReferences,
  requiredFields,
  requiredFieldsByType,
  type CslItem,
} from '../../src/bibliography/references.js';
import { sampleReferences } from './helpers.js';

const SEED_IDS = [
  'makihara2009', 'cabinetlaw1947', 'zakowski2021', 'cavanaugh2023', 'mishimi2014', 'iio2008',
  'mic2017', 'japantimes2023', 'kaufmann2023', 'yashiro2016', 'ladner2021',
  'localautonomylaw1947', 'muramatsu2001', 'pmo2023', 'asahi2023',
];

describe('source/references.yaml', () => {
  it('holds the 15 distinct works of the seed chapter, under the agreed ids', () => {
    expect(sampleReferences.map((item) => item.id)).toEqual(SEED_IDS);
  });

  it('has every required field of every item', () => {
    for (const item of sampleReferences) expect([item.id, missingFields(item)]).toEqual([item.id, []]);
  });

  it('keeps the seed wording where other transcriptions changed it', () => {
    const byId = new Map(sampleReferences.map((item) => [item.id, item]));
    expect(byId.get('zakowski2021')?.['publisher-place']).toBe('London – New York');
    expect(byId.get('makihara2009')?.title).toContain('Transition, 1997 – 2007');
    expect(byId.get('asahi2023')?.['container-title']).toBe('The Asahi Shinbun');
    expect(byId.get('ladner2021')?.title).toBe(
      'Self-rule index for local authorities in the EU, Council of Europe and OECD countries, 1990-2020',
    );
    expect(byId.get('yashiro2016')?.['collection-number']).toBe('2015-4');
    expect(byId.get('yashiro2016')?.page).toBe('27-113');
    expect(byId.get('kaufmann2023')?.URL).toBe('www.govindicators.org');
    expect(byId.get('japantimes2023')?.issued).toEqual({ 'date-parts': [[2023, 6, 9]] });
    expect(byId.get('japantimes2023')?.author).toBeUndefined();
  });
});

describe('requiredFieldsByType / missingFields', () => {
  const item = (fields: Record<string, unknown>): CslItem => ({ id: 'x', type: 'book', ...fields });

  it('follows the table of docs/source-format.md', () => {
    expect(COMMON_REQUIRED_FIELDS).toEqual(['id', 'type', 'title', 'issued']);
    expect(requiredFieldsByType['book']).toEqual(['id', 'type', 'title', 'issued', 'publisher']);
    expect(requiredFieldsByType['chapter']).toContain('container-title');
    expect(requiredFieldsByType['article-journal']).toContain('container-title');
    expect(requiredFieldsByType['webpage']).toContain('URL');
    expect(requiredFields('report')).toEqual(COMMON_REQUIRED_FIELDS);
  });

  it('catches a book without a publisher', () => {
    const book = item({ title: 'T', issued: { 'date-parts': [[2020]] } });
    expect(missingFields(book)).toEqual(['publisher']);
  });

  it('treats empty values as missing', () => {
    expect(missingFields(item({ title: '  ', issued: {}, publisher: 'P' }))).toEqual(['title', 'issued']);
    expect(missingFields(item({ type: 'chapter', title: 'T', issued: { 'date-parts': [] } }))).toEqual([
      'issued',
      'container-title',
    ]);
    expect(missingFields(item({ type: 'webpage', title: 'T', issued: { literal: 'n.d.' } }))).toEqual(['URL']);
    expect(missingFields(item({ type: 'article-journal', title: 'T', issued: { 'date-parts': [[2020]] } }))).toEqual([
      'container-title',
    ]);
  });
});

describe('parseReferences', () => {
  it('types a valid list and accepts an empty file', () => {
    const result = parseReferences([{ id: 'a', type: 'book', title: 'T', extra: { anything: 1 } }]);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.items[0]?.['extra']).toEqual({ anything: 1 });
    expect(parseReferences(null)).toEqual({ ok: true, items: [] });
  });

  it('refuses a document that is not a list', () => {
    const result = parseReferences({ id: 'a' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ index: -1, field: '' });
  });

  it('reports problems with the item index and the field name', () => {
    const result = parseReferences([
      { id: 'a', type: 'book', title: 'T' },
      { id: 'a', type: 'book' },
      { type: 'book' },
      { id: 'd', type: 'novel' },
      { id: 'e', type: 'book', author: [{ given: 'Only' }] },
      { id: 'f', type: 'book', author: 'Someone' },
      { id: 'g', type: 'book', issued: { 'date-parts': [[2020, 13]] } },
      { id: 'h', type: 'book', issued: '2020' },
      { id: 'i', type: 'book', title: 42, volume: 3, page: '1-2' },
      'not an item',
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(({ index, id, field }) => ({ index, id, field }))).toEqual([
      { index: 1, id: 'a', field: 'id' },
      { index: 2, id: undefined, field: 'id' },
      { index: 3, id: 'd', field: 'type' },
      { index: 4, id: 'e', field: 'author' },
      { index: 5, id: 'f', field: 'author' },
      { index: 6, id: 'g', field: 'issued' },
      { index: 7, id: 'h', field: 'issued' },
      { index: 8, id: 'i', field: 'title' },
      { index: 9, id: undefined, field: '' },
    ]);
    for (const problem of result.problems) expect(problem.message.length).toBeGreaterThan(5);
  });

  it('still gives the items that read without problems, so one bad entry hides nothing else', () => {
    const result = parseReferences([
      { id: 'a', type: 'book', title: 'T' },
      { id: 'b', type: 'novel' },
      { id: 'c', type: 'report', title: 'R', issued: { 'date-parts': [[2020]] } },
    ]);
    expect(result.ok).toBe(false);
    expect(result.items.map((item) => item.id)).toEqual(['a', 'c']);
    const notAList = parseReferences({ id: 'a' });
    expect(notAList.items).toEqual([]);
  });
});
