// The citation engine: citeproc-js with one CSL style, locale and language over the whole
// reference list, formatting bibliography entries and in-text citations as mdast rich text.
// Creating a citeproc engine is expensive; `getCitationEngine` keeps one per style, locale and
// language, and reuses it while the references are the same (by content).

import type CSL from 'citeproc';
import { citeproc } from './citeproc.js';
import type { PhrasingContent } from 'mdast';
import type { CslItem } from './references.js';
import { RUNS_FORMAT, balancedMarkup, parseRuns, registerRunsFormat, splitCites } from './rich-text.js';

export interface CitationEngineOptions {
  /** The CSL style, as XML text. */
  readonly styleXml: string;
  /** The CSL locale for `lang`, as XML text. */
  readonly localeXml: string;
  /** A BCP 47 language tag, such as "en-US"; it overrides the style's default-locale. */
  readonly lang: string;
  /** Every reference of the edition (ids unique); disambiguation is done across all of them. */
  readonly references: readonly CslItem[];
}

/** One cite of an in-text citation cluster (Pandoc's `[see @key, p. 33]`). */
export interface CiteInput {
  readonly id: string;
  readonly locator?: string;
  /** A CSL locator term such as "page", "chapter", "section"; default "page". */
  readonly label?: string;
  readonly prefix?: string;
  readonly suffix?: string;
  /** Pandoc's `-@key`: the year only. */
  readonly suppressAuthor?: boolean;
}

/** A part of a formatted citation: one cited work's words (`id` the work's), or the words around and between them. */
export interface CitationPart {
  readonly id?: string;
  readonly children: PhrasingContent[];
}

export interface CitationEngine {
  readonly lang: string;
  /** Whether `id` is one of the references. */
  has(id: string): boolean;
  /** One bibliography entry per id (no trailing newline), keyed by id in the order given. */
  formatEntries(ids: readonly string[]): ReadonlyMap<string, PhrasingContent[]>;
  /** The ids, without repeats, in the order of the style's bibliography sort. */
  sortIds(ids: readonly string[]): string[];
  /** An in-text citation cluster, such as "(Yashiro 2016)"; [] for no cites. */
  formatCitation(items: readonly CiteInput[]): PhrasingContent[];
  /**
   * The same citation in parts, each cited work's words apart from the words around them
   * ("(", "see Yashiro 2016, 33", "; ", "Iio 2008", ")"), so that each can link to its entry; one
   * part without an id when the style's output cannot be split so (the words are the same).
   */
  formatCitationByWork(items: readonly CiteInput[]): CitationPart[];
  /**
   * A work that is not one of the references (a chapter's suggested citation), as a bibliography
   * entry. It is formatted on an engine of its own, so that it changes nothing of the references'
   * disambiguation and order.
   */
  formatWork(item: CslItem): PhrasingContent[];
}

/** Thrown when an id is not in the reference list (the checker reports these earlier). */
export class UnknownReferenceError extends Error {
  readonly ids: readonly string[];
  constructor(ids: readonly string[]) {
    super(`unknown reference${ids.length === 1 ? '' : 's'}: ${ids.join(', ')}`);
    this.name = 'UnknownReferenceError';
    this.ids = ids;
  }
}

/** Number variables that are identifiers, not ranges: "2015-4" must not become "2015–4". */
const IDENTIFIER_NUMBER_FIELDS = ['collection-number', 'number'] as const;

/** A fresh copy for citeproc (it may modify what it is given), with identifier hyphens escaped. */
function toCiteprocItem(item: CslItem): CSL.ItemData {
  const copy: CSL.ItemData = structuredClone({ ...item });
  for (const field of IDENTIFIER_NUMBER_FIELDS) {
    const value = copy[field];
    if (typeof value === 'string') copy[field] = value.replace(/\\?-/g, '\\-');
  }
  return copy;
}

/** A cite of a cluster as citeproc takes it. */
function citeprocCite(item: CiteInput): CSL.CitationItem {
  const cite: CSL.CitationItem = { id: item.id };
  if (item.locator !== undefined && item.locator !== '') {
    cite.locator = item.locator;
    cite.label = item.label ?? 'page';
  }
  if (item.prefix !== undefined) cite.prefix = item.prefix;
  if (item.suffix !== undefined) cite.suffix = item.suffix;
  if (item.suppressAuthor === true) cite['suppress-author'] = true;
  return cite;
}

function sameLanguage(a: string, b: string): boolean {
  return a.toLowerCase().split('-')[0] === b.toLowerCase().split('-')[0];
}

export function createCitationEngine(options: CitationEngineOptions): CitationEngine {
  const { styleXml, localeXml, lang, references } = options;
  registerRunsFormat();

  let workCount = 0;
  const byId = new Map<string, CslItem>();
  for (const item of references) {
    if (byId.has(item.id)) throw new Error(`the reference id "${item.id}" is used twice`);
    byId.set(item.id, item);
  }

  const sys: CSL.Sys = {
    retrieveLocale(requested: string): string {
      if (sameLanguage(requested, lang)) return localeXml;
      throw new Error(`no CSL locale for "${requested}" (the engine has one for "${lang}")`);
    },
    retrieveItem(id: string): CSL.ItemData {
      const item = byId.get(id);
      if (item === undefined) throw new UnknownReferenceError([id]);
      // An item with a system id is one citeproc's citation wrapper marks (formatCitationByWork).
      return { ...toCiteprocItem(item), system_id: id };
    },
    wrapCitationEntry: (str) => str,
  };

  const engine = new citeproc.Engine(sys, styleXml, lang, true);
  engine.opt.development_extensions.wrap_url_and_doi = true;
  engine.setOutputFormat(RUNS_FORMAT);
  engine.updateItems([...byId.keys()]);

  // The whole bibliography is made once: entries (as markup) by id, and the sort order.
  let bibliography: { readonly entries: ReadonlyMap<string, string>; readonly rank: ReadonlyMap<string, number> } | undefined;
  const getBibliography = (): NonNullable<typeof bibliography> => {
    if (bibliography !== undefined) return bibliography;
    const result = engine.makeBibliography();
    if (result === false) throw new Error('the citation style has no bibliography');
    const [meta, markup] = result;
    const entries = new Map<string, string>();
    const rank = new Map<string, number>();
    meta.entry_ids.forEach((ids, index) => {
      const text = (markup[index] ?? '').replace(/\n+$/, '');
      for (const id of ids) {
        entries.set(id, text);
        rank.set(id, index);
      }
    });
    bibliography = { entries, rank };
    return bibliography;
  };

  // The engine for works outside the references: made on first use, holding one work at a time.
  const work: { engine?: CSL.Engine; item?: CslItem } = {};
  const workEngine = (): CSL.Engine => {
    if (work.engine !== undefined) return work.engine;
    const workSys: CSL.Sys = {
      retrieveLocale: (requested) => sys.retrieveLocale(requested),
      retrieveItem(id: string): CSL.ItemData {
        if (work.item?.id !== id) throw new UnknownReferenceError([id]);
        return toCiteprocItem(work.item);
      },
    };
    const made = new citeproc.Engine(workSys, styleXml, lang, true);
    made.opt.development_extensions.wrap_url_and_doi = true;
    made.setOutputFormat(RUNS_FORMAT);
    work.engine = made;
    return made;
  };

  // Clusters as citeproc wrote them, by their cites (and whether each work's words are marked): a
  // cluster depends only on its cites once the items are registered (makeCitationCluster keeps no
  // state), and chapters cite the same works alike again and again (compiling the generated
  // edition's 180 chapters in one process took 2.8 s, 2.25 s with it). Bounded: emptied when full.
  const clusters = new Map<string, string>();
  const cluster = (cites: readonly CSL.CitationItem[], marked: boolean): string => {
    const key = `${marked ? 'm' : 'p'}${JSON.stringify(cites)}`;
    const known = clusters.get(key);
    if (known !== undefined) return known;
    // A cluster with long prefixes or suffixes (a chapter's own words) is made each time: only short ones are kept.
    const kept = key.length <= maxClusterKey;
    const extensions = engine.opt.development_extensions;
    extensions['apply_citation_wrapper'] = marked;
    let markup: string;
    try {
      markup = engine.makeCitationCluster([...cites]);
    } finally {
      extensions['apply_citation_wrapper'] = false;
    }
    if (!kept) return markup;
    if (clusters.size >= maxClusters) clusters.clear();
    clusters.set(key, markup);
    return markup;
  };

  const requireKnown = (ids: readonly string[]): void => {
    const unknown = [...new Set(ids.filter((id) => !byId.has(id)))];
    if (unknown.length > 0) throw new UnknownReferenceError(unknown);
  };

  return {
    lang,
    has: (id) => byId.has(id),

    formatEntries(ids) {
      requireKnown(ids);
      const { entries } = getBibliography();
      const out = new Map<string, PhrasingContent[]>();
      for (const id of ids) out.set(id, parseRuns(entries.get(id) ?? ''));
      return out;
    },

    sortIds(ids) {
      requireKnown(ids);
      const { rank } = getBibliography();
      const unique = [...new Set(ids)];
      return unique
        .map((id, given) => ({ id, given, rank: rank.get(id) ?? Number.MAX_SAFE_INTEGER }))
        .sort((a, b) => a.rank - b.rank || a.given - b.given)
        .map((entry) => entry.id);
    },

    formatCitation(items) {
      if (items.length === 0) return [];
      requireKnown(items.map((item) => item.id));
      return parseRuns(cluster(items.map(citeprocCite), false));
    },

    formatCitationByWork(items) {
      if (items.length === 0) return [];
      requireKnown(items.map((item) => item.id));
      const cites = items.map(citeprocCite);
      const markup = cluster(cites, false);
      // citeproc's citation wrapper marks each cite's words, but leaves out the layout's prefix and
      // suffix ("(" and ")"): those are what the cluster made without it has around the marked words.
      const wrapped = cluster(cites, true);
      const parts = splitCites(wrapped);
      const inner = parts?.map((part) => part.markup).join('') ?? '';
      const at = inner === '' ? -1 : markup.indexOf(inner);
      // A part that opens italics or a link it does not close (a layout set in italics) cannot stand apart.
      if (!parts || at < 0 || !parts.every((part) => balancedMarkup(part.markup))) return [{ children: parseRuns(markup) }];
      const around = (text: string): CitationPart[] => (text === '' ? [] : [{ children: parseRuns(text) }]);
      return [...around(markup.slice(0, at)), ...parts.map((part) => ({ ...(part.id !== undefined ? { id: part.id } : {}), children: parseRuns(part.markup) })), ...around(markup.slice(at + inner.length))];
    },

    formatWork(item) {
      const made = workEngine();
      // A fresh id for every work: citeproc keeps what it retrieved by id.
      workCount += 1;
      work.item = { ...item, id: `work-${String(workCount)}` };
      made.updateItems([work.item.id]);
      const result = made.makeBibliography();
      if (result === false) throw new Error('the citation style has no bibliography');
      return parseRuns((result[1][0] ?? '').replace(/\n+$/, ''));
    },
  };
}

/** The most clusters an engine keeps, each of cites written in at most `maxClusterKey` characters (some 16 MB at the very most; usually a few hundred bytes each). */
const maxClusters = 2_000;
const maxClusterKey = 2_000;

// One engine per style + locale + language, for the references it was last made with (by content,
// so that a rebuild in the same process, `build --watch`, reuses it while the bibliography is the same).
const cache = new Map<string, { readonly references: string; readonly engine: CitationEngine }>();

/** The engine for these options, created on first use and reused while the style and the references stay the same. */
export function getCitationEngine(options: CitationEngineOptions): CitationEngine {
  const key = JSON.stringify([options.styleXml, options.localeXml, options.lang]);
  const references = JSON.stringify(options.references);
  const known = cache.get(key);
  if (known?.references === references) return known.engine;
  const engine = createCitationEngine(options);
  cache.set(key, { references, engine });
  return engine;
}
