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
  'source-too-large': { severity: 'error', summary: 'A chapter is larger than 1 MB.' },
  'yaml-syntax': { severity: 'error', summary: 'A YAML file or front matter block cannot be parsed.' },
  'schema-field': { severity: 'error', summary: 'A field in edition.yaml, codebook.yaml or references.yaml is missing, unknown or of the wrong type.' },
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
  'unknown-category': { severity: 'error', summary: 'The front matter names a category that the codebook does not define.' },
  'duplicate-chapter': { severity: 'error', summary: 'Two chapters are for the same country and category.' },

  // Chapters: structure
  'unknown-directive': { severity: 'error', summary: 'A directive name is not one rubricpress knows.' },
  'misplaced-directive': { severity: 'error', summary: 'A known directive stands where it is not allowed.' },
  'unknown-attribute': { severity: 'error', summary: 'A directive has an attribute it does not take.' },
  'missing-attribute': { severity: 'error', summary: 'A directive lacks a required attribute.' },
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
  'nesting-too-deep': { severity: 'error', summary: 'Lists and block quotes, or emphasis, strong text and links, are nested more than 9 levels deep.' },
  'unsafe-link': { severity: 'error', summary: 'A link uses a scheme other than http, https or mailto (for example javascript:).' },
  'unknown-citation-key': { severity: 'error', summary: 'A citation names a key that references.yaml does not have.' },
  'font-unreadable': { severity: 'error', summary: 'A font file that the theme names cannot be found or is not a TrueType or OpenType font.' },
  'glyph-missing': { severity: 'warning', summary: 'A character of the text is in none of the fonts the theme configures; the PDF cannot show it.' },
  'edition-disagrees': { severity: 'error', summary: 'An edition read back (HTML text, PDF text layer, DOCX document) differs from the source: a unit of text is missing, changed or out of order, or a structure count differs.' },
  'unrenderable-node': { severity: 'error', summary: 'A renderer met a node it cannot draw; that edition would miss content.' },
  'citation-syntax': { severity: 'error', summary: 'A citation list contains something that is not a @key.' },
  'footnote-undefined': { severity: 'error', summary: 'A footnote call `[^label]` has no `[^label]: …` definition in the chapter.' },
  'footnote-unused': { severity: 'warning', summary: 'A footnote is defined but never called.' },
  'footnote-duplicate': { severity: 'error', summary: 'Two footnote definitions share a label.' },
  'footnote-misplaced': { severity: 'error', summary: 'A footnote is called or defined where no edition can show it: inside another footnote, or in a citation list.' },
} as const satisfies Record<string, RuleDefinition>;

export type RuleId = keyof typeof rules;

export const ruleIds = Object.keys(rules) as RuleId[];
