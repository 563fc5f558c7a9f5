/**
 * The catalog of validation rules. Ids are stable: CI annotations, `--json` consumers and
 * `docs/rules.md` refer to them, so rename nothing here.
 */
export const Severity = { error: 'error', warning: 'warning' } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

export interface RuleDefinition {
  readonly severity: Severity;
  /** What the rule checks, as docs/rules.md says it. */
  readonly summary: string;
}

export const rules = {
  // Files
  'source-missing': { severity: 'error', summary: 'A required source file (edition.yaml, codebook.yaml, references.yaml) or the chapters folder is missing.' },
  'source-encoding': { severity: 'error', summary: 'A source file is not valid UTF-8.' },
  'source-not-text': { severity: 'error', summary: 'A source file is binary data, not text (Markdown or YAML).' },
  'source-too-large': { severity: 'error', summary: 'A source or template file is larger than its limit (1 MB for a chapter or a YAML file, 2 MB for another template file), a chapter holds more than 100,000 lines and markup characters, or the chapters hold more than 32 MB together.' },
  'source-not-a-file': { severity: 'error', summary: 'Where a source or template file belongs there is a folder, a named pipe (FIFO), a socket or a device.' },
  'source-unreadable': { severity: 'error', summary: 'A source or template file (or the chapters folder) cannot be read: no permission, or an I/O error.' },
  'source-outside-folder': { severity: 'error', summary: 'A source or template file (or chapters/) is a symbolic link that leads outside its folder.' },
  'control-character': { severity: 'error', summary: 'Text holds a control character (other than tab and line breaks), which no edition can show.' },
  'yaml-syntax': { severity: 'error', summary: 'A YAML file or front matter block cannot be parsed.' },
  'yaml-limit': { severity: 'error', summary: 'A YAML file nests values more than 64 deep, its aliases (*name) repeat more than 100,000 values in all, or an alias refers to a value that holds it.' },
  'schema-field': { severity: 'error', summary: 'A field in edition.yaml, codebook.yaml or references.yaml is missing, unknown or of the wrong type.' },
  'project-field': { severity: 'error', summary: 'A field in the project file (rubricpress.yaml) is unknown or of the wrong type.' },
  'project-path-outside': { severity: 'error', summary: 'The project file (rubricpress.yaml) names a folder outside the project\'s folder.' },
  'duplicate-id': { severity: 'error', summary: 'Two codebook entries or two references share an id.' },
  'unknown-scale': { severity: 'error', summary: 'A rubric names a scale that codebook.yaml does not define.' },
  'rubric-band-overlap': { severity: 'error', summary: 'Two bands of a rubric share a score.' },
  'rubric-band-gap': { severity: 'error', summary: 'A score of the scale belongs to no band of the rubric.' },
  'rubric-band-outside-scale': { severity: 'error', summary: 'A rubric band reaches outside its scale.' },
  'reference-missing-field': { severity: 'error', summary: 'A reference lacks a field that its CSL type needs.' },
  'unused-reference': { severity: 'warning', summary: 'A reference in references.yaml is cited by no chapter.' },
  'unknown-citation-style': { severity: 'error', summary: 'edition.yaml names a citation style that templates/csl/ does not have.' },

  // Chapters: front matter
  'frontmatter-missing': { severity: 'error', summary: 'A chapter does not start with a YAML front matter block.' },
  'frontmatter-field': { severity: 'error', summary: 'A front matter field is missing, unknown or of the wrong type.' },
  'rank-invalid': { severity: 'error', summary: 'A rank is not a positive whole number.' },
  'rank-out-of-range': { severity: 'error', summary: 'A rank is larger than the number of countries edition.yaml declares.' },
  'country-unknown': { severity: 'error', summary: 'A chapter (or edition.yaml’s `authors` or `isbn`) names a country that edition.yaml’s `countries` does not declare.' },
  'unknown-category': { severity: 'error', summary: 'The front matter names a category that the codebook does not define.' },
  'duplicate-chapter': { severity: 'error', summary: 'Two chapters are for the same country and category.' },
  'site-path-taken': { severity: 'error', summary: 'A country’s slug is the name of a folder of the web edition’s own pages (countries, categories, indicators, assets).' },

  // Ranks across the chapters
  'duplicate-rank': { severity: 'error', summary: 'Two countries’ chapters give the same rank in a category or sub-category, and codebook.yaml’s `ranking` allows no ties.' },
  'rank-skipped': { severity: 'error', summary: 'Every declared country has a chapter for a category, and its ranks (or a sub-category’s) do not run 1, 2, 3, … without a gap.' },
  'rank-against-rule': { severity: 'error', summary: 'A rank disagrees with the ranking rule codebook.yaml declares (`ranking: { rule: mean-score }`).' },
  'key-findings-rank': { severity: 'error', summary: 'The key findings name a rank (“ranks 12th”, “12th place”) that is neither the chapter’s rank nor one of its sub-categories’.' },
  'missing-category': { severity: 'warning', summary: 'A country has chapters, but none for one of the codebook’s categories.' },

  // Chapters: structure
  'unknown-directive': { severity: 'error', summary: 'A directive name is not one rubricpress knows.' },
  'unclosed-directive': { severity: 'error', summary: 'A :::key-findings or :::question block is not closed with a ::: line before the next block of the chapter.' },
  'misplaced-directive': { severity: 'error', summary: 'A known directive stands where it is not allowed.' },
  'unknown-attribute': { severity: 'error', summary: 'A directive has an attribute it does not take.' },
  'missing-attribute': { severity: 'error', summary: 'A directive lacks a required attribute.' },
  'language-tag-invalid': { severity: 'error', summary: 'A `:span`’s `lang` is not a well-formed BCP 47 language tag (an ISO 639 code, optionally with script, region and variants).' },
  'stray-content': { severity: 'error', summary: 'Content stands outside key findings and questions, where no edition would show it.' },
  'unknown-subcategory': { severity: 'error', summary: 'A sub-category id is not one of the chapter category’s sub-categories.' },
  'unknown-question': { severity: 'error', summary: 'A question id is not in the codebook, or not in the current sub-category.' },
  'question-outside-subcategory': { severity: 'error', summary: 'A question comes before any ::subcategory marker.' },
  'duplicate-question': { severity: 'error', summary: 'The same question appears twice in a chapter.' },
  'duplicate-subcategory': { severity: 'error', summary: 'The same sub-category appears twice in a chapter.' },
  'missing-question': { severity: 'warning', summary: 'A codebook question of the chapter’s category is not answered in the chapter.' },
  'missing-key-findings': { severity: 'warning', summary: 'A chapter has no :::key-findings block.' },
  'score-not-integer': { severity: 'error', summary: 'A score is not a whole number.' },
  'score-out-of-scale': { severity: 'error', summary: 'A score lies outside its rubric’s scale.' },
  'empty-assessment': { severity: 'error', summary: 'A question has no assessment text.' },

  // Chapters: content
  'unsupported-markdown': { severity: 'error', summary: 'Markdown that no edition renders (headings, images) is used in a chapter.' },
  'raw-html': { severity: 'warning', summary: 'Raw HTML is used in a chapter; its tags are left out of every edition.' },
  'unsafe-html': { severity: 'error', summary: 'Raw HTML that could run code in a reader’s browser (<script>, <iframe>, on…= handlers) is used in a chapter.' },
  'paragraph-too-complex': { severity: 'error', summary: 'A paragraph holds more than 4,000 characters that start or end inline markup.' },
  'nesting-too-deep': { severity: 'error', summary: 'Lists and block quotes, or emphasis, strong text and links, are nested more than 9 levels deep.' },
  'unsafe-link': { severity: 'error', summary: 'A link uses a scheme other than http, https or mailto (for example javascript:).' },
  'unknown-citation-key': { severity: 'error', summary: 'A citation names a key that references.yaml does not have.' },
  'font-unreadable': { severity: 'error', summary: 'A font file that the theme names cannot be found or is not a TrueType or OpenType font.' },
  'glyph-missing': { severity: 'warning', summary: 'A character of the text is in none of the fonts the theme configures; the PDF cannot show it.' },
  'edition-disagrees': { severity: 'error', summary: 'An edition read back (HTML text, PDF text layer, DOCX document) differs from the source: a unit of text is missing, changed or out of order, or a structure count differs.' },
  'chapter-too-large': { severity: 'error', summary: 'Rendering a chapter needs more memory than a build allows one chapter.' },
  'unrenderable-node': { severity: 'error', summary: 'A renderer met a node it cannot draw; that edition would miss content.' },
  'citation-syntax': { severity: 'error', summary: 'A citation list contains something that is not a @key.' },

  // rubricpress import: an edited DOCX back into the source
  'import-unreadable': { severity: 'error', summary: 'The file given to `rubricpress import` is not a DOCX that can be read.' },
  'import-not-rubricpress': { severity: 'error', summary: 'The DOCX carries no round-trip data: rubricpress did not write it, or its custom properties were removed.' },
  'import-damaged': { severity: 'error', summary: 'The DOCX’s round-trip data is incomplete or altered, or the chapter text it carries no longer compiles against the source.' },
  'import-chapter-missing': { severity: 'error', summary: 'The source folder has no chapter at the path the DOCX was built from.' },
  'import-source-changed': { severity: 'error', summary: 'The chapter changed since the DOCX was built from it; `--force` merges the edits three ways.' },
  'import-protected-edit': { severity: 'warning', summary: 'An edit in the DOCX to words the chapter’s prose does not hold (a score, an indicator, a question, a rubric band, a bibliography entry, a label): not applied; made where the words come from.' },
  'import-conflict': { severity: 'warning', summary: 'With `--force`, an edit falls where the chapter changed since the DOCX was built: not applied.' },
  'import-unplaced-text': { severity: 'warning', summary: 'Text added in the DOCX where no prose of the chapter stands (between a question’s title and its rubric, among bibliography entries): not applied.' },
  'footnote-undefined': { severity: 'error', summary: 'A footnote call `[^label]` has no `[^label]: …` definition in the chapter.' },
  'footnote-unused': { severity: 'warning', summary: 'A footnote is defined but never called.' },
  'footnote-duplicate': { severity: 'error', summary: 'Two footnote definitions share a label.' },
  'footnote-misplaced': { severity: 'error', summary: 'A footnote is called or defined where no edition can show it: inside another footnote, or in a citation list.' },
} as const satisfies Record<string, RuleDefinition>;

export type RuleId = keyof typeof rules;

export const ruleIds = Object.keys(rules) as RuleId[];
