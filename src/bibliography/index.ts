// The bibliography: CSL references, the citation engine and its rich-text output.

export type { CslDate, CslItem, CslName, ReferenceProblem, ReferencesResult } from './references.js';
export {
  COMMON_REQUIRED_FIELDS,
  CSL_TYPES,
  missingFields,
  parseReferences,
  parseReferencesYaml,
  requiredFields,
  requiredFieldsByType,
} from './references.js';
export type { CitationEngine, CitationEngineOptions, CiteInput } from './engine.js';
export { UnknownReferenceError, clearCitationEngineCache, createCitationEngine, getCitationEngine } from './engine.js';
export { RUNS_FORMAT, escapeRunsText, linkTarget, parseRuns, phrasingToString, registerRunsFormat, runsOutputFormat } from './rich-text.js';
export { bundledLocaleLanguages, loadBundledLocale } from './locales.js';
