/**
 * The web edition's files beside the chapters, made after them in the main thread from the codebook
 * and every chapter's numbers and search entries (which the cache keeps, so a build that rendered one
 * chapter makes them as well as one that rendered all): the pages (`present/site.ts`), the search
 * index (MiniSearch's, made chapter by chapter in `search-index.ts`, loaded by a script tag so that
 * it works from `file://`), the search page's
 * scripts. Cheap beside a chapter: they are made again on every build.
 */
import { fileURLToPath } from 'node:url';
import type { SearchEntry, SiteFormats } from '../present/site.js';
import { sitePaths } from '../present/site.js';
import { relativeHref, searchFieldId, searchResultsId } from '../render/html/site.js';
import { readRegularFile } from '../source/regular-file.js';
import type { Theme } from '../theme/theme.js';
import type { EditionVolumeSource } from '../tree/types.js';
import type { ChapterRenderer } from './render-chapter.js';
import { partsOnce, searchFields, searchIndexJson, storedSearchFields, type SearchDocument, type SearchIndexParts } from './search-index.js';
import type { OutputFile } from './write.js';

export interface SiteInput {
  readonly renderer: ChapterRenderer;
  readonly theme: Theme;
  readonly source: EditionVolumeSource;
  readonly formats: SiteFormats;
  /** Each chapter's search entries, in chapter order. */
  readonly search: readonly (readonly SearchEntry[])[];
  /** The chapters' parts of the search index kept from the builds before (`build --watch`). */
  readonly searchParts?: SearchIndexParts;
}

/** How the index is made and read: the page's script loads it with the same options. */
const searchOptions: { readonly fields: readonly string[]; readonly storeFields: readonly string[] } = { fields: searchFields, storeFields: storedSearchFields };

export async function siteFiles(input: SiteInput): Promise<OutputFile[]> {
  const pages = await input.renderer.renderSite(input.source, input.formats);
  return [...pages, ...(await searchFiles(input))];
}

/** The search index and the scripts that read it: `html/assets/`. */
async function searchFiles(input: SiteInput): Promise<OutputFile[]> {
  const [library, index, script] = sitePaths.scripts;
  const chapters = input.search.map((entries) => entries.map((entry): SearchDocument => ({ chapter: entry.chapter, heading: entry.heading, text: entry.text, href: relativeHref(sitePaths.search, { path: entry.path, anchor: entry.anchor }) })));
  const searchIndex = searchIndexJson(input.searchParts ? input.searchParts.partsOf(chapters) : partsOnce(chapters));
  const { labels } = input.theme;
  const data = { options: searchOptions, labels: { found: labels.siteSearchFound, none: labels.siteSearchNone }, index: searchIndex };
  return [
    { path: library, contents: await miniSearchScript() },
    { path: index, contents: `window.rubricpressSearch = ${JSON.stringify(data)};\n` },
    { path: script, contents: searchScript },
  ];
}

let libraryText: Promise<string> | undefined;

/** MiniSearch's browser build (UMD: a global `MiniSearch`), as the package ships it, without its source map's address. */
function miniSearchScript(): Promise<string> {
  libraryText ??= (async () => {
    const file = fileURLToPath(new URL('../umd/index.js', import.meta.resolve('minisearch')));
    const read = await readRegularFile(file, 4_000_000);
    if (!read.ok) throw new Error(`MiniSearch's browser build could not be read (${file}): reinstall rubricpress's dependencies.`);
    return new TextDecoder().decode(read.bytes).replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  })();
  return libraryText;
}

/**
 * The search page's own script: reads the words from the address (`?q=`), searches the index and
 * lists each hit as a link to its assessment. Without it (or without scripts) the page says how to
 * browse instead. Plain ES2017, no modules, so that it runs from `file://`.
 */
const searchScript = `(function () {
  'use strict';
  var results = document.getElementById(${JSON.stringify(searchResultsId)});
  var field = document.getElementById(${JSON.stringify(searchFieldId)});
  var data = window.rubricpressSearch;
  if (!results || !data || typeof MiniSearch === 'undefined') return;
  var index = MiniSearch.loadJS(data.index, data.options);
  function fill(label, words, count) {
    return label.replace('{words}', words).replace('{count}', String(count));
  }
  function show(words) {
    var query = words.trim();
    if (query === '') return;
    var hits = index.search(query, { prefix: true, fuzzy: 0.2, combineWith: 'AND', boost: { heading: 2 } });
    results.textContent = '';
    var heading = document.createElement('h2');
    heading.textContent = fill(hits.length > 0 ? data.labels.found : data.labels.none, query, hits.length);
    results.appendChild(heading);
    if (hits.length === 0) return;
    var list = document.createElement('ol');
    list.className = 'search-hits';
    hits.slice(0, 100).forEach(function (hit) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = hit.href;
      link.textContent = hit.chapter;
      var part = document.createElement('span');
      part.className = 'search-hit-part';
      part.textContent = hit.heading;
      item.appendChild(link);
      item.appendChild(document.createTextNode(' '));
      item.appendChild(part);
      list.appendChild(item);
    });
    results.appendChild(list);
  }
  var words = new URLSearchParams(window.location.search).get('q') || '';
  if (field) field.value = words;
  show(words);
})();
`;
