// Minimal types for citeproc-js (the `citeproc` package, CommonJS, `module.exports = CSL`).
// Only what rubricpress uses is declared. Import it as `import CSL from 'citeproc'`.

declare module 'citeproc' {
  namespace CSL {
    /** The host callbacks citeproc calls to get locales and items. */
    interface Sys {
      /** Returns the CSL locale XML for a language tag such as "en-US". */
      retrieveLocale(lang: string): string;
      /** Returns one CSL-JSON item; citeproc may modify it, so hand out a copy. */
      retrieveItem(id: string): ItemData;
      /**
       * With `apply_citation_wrapper`, its presence makes citeproc wrap each cite of a cluster in
       * the output format's `@cite/entry` (for an item whose `system_id` is set), leaving out the
       * layout's prefix and suffix.
       */
      wrapCitationEntry?(str: string, itemId: string, locatorText: string, suffixText: string): string;
    }

    /** A CSL-JSON item as citeproc receives it. */
    interface ItemData {
      id: string;
      type: string;
      [field: string]: unknown;
    }

    /** One cite of a citation cluster. */
    interface CitationItem {
      id: string;
      locator?: string;
      /** A CSL locator term, such as "page" or "chapter". */
      label?: string;
      prefix?: string;
      suffix?: string;
      'suppress-author'?: boolean;
      'author-only'?: boolean;
    }

    interface BibliographyMeta {
      /** One array per entry, in the style's order (several ids only for merged entries). */
      entry_ids: string[][];
      bibstart: string;
      bibend: string;
      maxoffset: number;
      entryspacing: number;
      linespacing: number;
      hangingindent?: number;
      'second-field-align'?: string | false;
      bibliography_errors: unknown[];
    }

    /** `false` when the style has no bibliography. */
    type BibliographyResult = false | [BibliographyMeta, string[]];

    interface DevelopmentExtensions {
      /** Decorate URL and DOI values with `@URL/true` and `@DOI/true`. */
      wrap_url_and_doi: boolean;
      [name: string]: unknown;
    }

    interface EngineOptions {
      development_extensions: DevelopmentExtensions;
      [name: string]: unknown;
    }

    class Engine {
      constructor(sys: Sys, style: string, lang?: string, forceLang?: boolean);
      opt: EngineOptions;
      setOutputFormat(mode: string): void;
      updateItems(ids: readonly string[]): void;
      makeBibliography(bibsection?: unknown): BibliographyResult;
      makeCitationCluster(items: readonly CitationItem[]): string;
      getTerm(name: string, form?: string, plural?: number): string;
    }

    /** `this` inside a decoration function: the output blob (fields vary). */
    interface DecorationContext {
      readonly item_id?: string;
      readonly [field: string]: unknown;
    }

    /**
     * An output format entry: a template containing `%%STRING%%`, `false` (no decoration)
     * or a function of the engine state and the already formatted string (`undefined` for
     * quotes when only the opening mark is wanted).
     */
    type Decoration =
      | string
      | false
      | ((this: DecorationContext, state: Engine, str: string | undefined) => string);

    /** An output format as registered on `CSL.Output.Formats`. */
    interface OutputFormat {
      /** Escapes literal text for this format; called once per piece of text. */
      text_escape(text: string | undefined): string;
      bibstart: string;
      bibend: string;
      [decoration: `@${string}`]: Decoration;
    }

    const Output: {
      Formats: { [mode: string]: OutputFormat | undefined };
    };

    const PROCESSOR_VERSION: string;
  }

  export = CSL;
}
