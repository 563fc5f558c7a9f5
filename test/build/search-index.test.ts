/**
 * The search index made chapter by chapter is MiniSearch's own, to the byte: the search page loads
 * it with MiniSearch, and a build that indexed one chapter again writes what a fresh build writes.
 */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { partsOnce, SearchIndexParts, searchFields, searchIndexJson, storedSearchFields, type SearchDocument } from '../../src/build/search-index.js';

/** What the build did before: every document added to one MiniSearch. */
function miniSearchJson(chapters: readonly (readonly SearchDocument[])[]): string {
  const search = new MiniSearch<SearchDocument & { id: number }>({ fields: [...searchFields], storeFields: [...storedSearchFields] });
  search.addAll(chapters.flat().map((document, id) => ({ id, ...document })));
  return JSON.stringify(search.toJSON());
}

const document = (chapter: string, heading: string, text: string): SearchDocument => ({ chapter, heading, text, href: `../${chapter.toLowerCase().replace(/\W+/g, '-')}.html#${heading.length}` });

/** Words that share prefixes (the radix tree splits and joins edges), in several scripts, cases and punctuations. */
const chapters: SearchDocument[][] = [
  [document('Japan: Coordination', 'Key Findings', 'The government coordinates; the Government’s coordinators co-ordinate. Coordination—in 2024—improved.'), document('Japan: Coordination', 'GO Expertise', 'Ministries (and ministers) minister… "ministerial" expertise: expert, experts, expertise!')],
  [document('Ελλάδα: Συντονισμός', 'Βασικά ευρήματα', 'Η κυβέρνηση συντονίζει· ΣΥΝΤΟΝΙΣΜΟΣ και συντονισμός.'), document('Ελλάδα: Συντονισμός', 'Q1', '')],
  [document('日本: 調整', '主な調査結果', '内閣 官房 と 内閣府 は 調整 する。'), document('مصر: التنسيق', 'النتائج', 'الحكومة تنسق، والحكومات تنسق أيضا.'), document('Россия: Координация', 'Выводы', 'Правительство координирует; правительства — координация.')],
  [],
  [document('Japan: Coordination', '...', '!!! ,,, ;;;'), document('A', 'a', 'a ab abc abcd abd b ba a A AB')],
];

describe('the search index, chapter by chapter', () => {
  it('is MiniSearch’s index to the byte, the parts kept or made one at a time', () => {
    expect(JSON.stringify(searchIndexJson(new SearchIndexParts().partsOf(chapters)))).toBe(miniSearchJson(chapters));
    expect(JSON.stringify(searchIndexJson(partsOnce(chapters)))).toBe(miniSearchJson(chapters));
  });

  it('indexes an edited chapter alone and still writes what a fresh index writes', () => {
    const parts = new SearchIndexParts();
    const first = parts.partsOf(chapters);
    const edited = chapters.map((documents, index) => (index === 2 ? [...documents, document('Россия: Координация', 'Q9', 'coordination abcde')] : documents));
    const second = parts.partsOf(edited);
    // The unchanged chapters' parts are the ones indexed before, the edited one's is new.
    for (const index of [0, 1, 3, 4]) expect(second[index]).toBe(first[index]);
    expect(second[2]).not.toBe(first[2]);
    expect(JSON.stringify(searchIndexJson(second))).toBe(miniSearchJson(edited));
  });

  it('finds with MiniSearch what the old index found', () => {
    const options = { fields: [...searchFields], storeFields: [...storedSearchFields] };
    const loaded = MiniSearch.loadJSON<SearchDocument>(JSON.stringify(searchIndexJson(new SearchIndexParts().partsOf(chapters))), options);
    // The three documents of "Japan: Coordination" (its title is searched too), the one in the assessment first.
    expect(loaded.search('coordination').map((result) => result['heading'] as string)).toEqual(['Key Findings', 'GO Expertise', '...']);
    expect(loaded.search('συντονισμός').length).toBe(2);
    expect(loaded.search('内閣').length).toBe(1);
  });
});
