/**
 * Hyphenation for justified print: soft hyphens (U+00AD) inserted by the `hyphen` package's
 * patterns for the edition's language, within the language's rules (`HyphenationRules`). The line
 * breaker breaks at them and draws a hyphen only there; elsewhere they are removed before drawing,
 * so they never reach the PDF's text.
 */
import { createRequire } from 'node:module';

export const softHyphen = '\u00AD';

/**
 * What a language allows beyond its patterns. The patterns alone leave two letters on a line
 * ("be-fore", "Ok-i-nawa" in `hyphen`'s English) and know neither names nor compounds.
 */
export interface HyphenationRules {
  /** Fewest letters of a word before a hyphen at a line's end. */
  readonly minBefore: number;
  /** Fewest letters of a word carried after a hyphen to the next line. */
  readonly minAfter: number;
  /**
   * How the language's proper names are told, which are never hyphenated: `capitalised`, a word
   * whose first letter is a capital (where common words are written in small letters — a word that
   * starts a sentence is then left whole too, as TeX's \uchyph=0 leaves it); `none` where names cannot
   * be told by their letters (German capitalises every noun).
   */
  readonly properNames: 'capitalised' | 'none';
}

/**
 * The rules by language (the BCP 47 primary subtag). Three letters on each side everywhere, the house
 * rule (TeX's English default is two before and three after; two-letter pieces such as "be-" and
 * "en-" read badly in a justified column); names left whole wherever capitals tell them.
 */
const rulesByLanguage: Readonly<Record<string, HyphenationRules>> = {
  en: { minBefore: 3, minAfter: 3, properNames: 'capitalised' },
  de: { minBefore: 3, minAfter: 3, properNames: 'none' },
};

/** Languages without an entry of their own: three letters each side, capitals as names. */
const defaultRules: HyphenationRules = { minBefore: 3, minAfter: 3, properNames: 'capitalised' };

export function hyphenationRules(language: string): HyphenationRules {
  return rulesByLanguage[language.toLowerCase().split('-')[0] ?? ''] ?? defaultRules;
}

/**
 * Marks where a word may be hyphenated with soft hyphens, and carries the rules it keeps (the line
 * breaker applies the same letter counts to a break at a compound's own hyphen).
 */
export type Hyphenator = ((word: string) => string) & { readonly rules: HyphenationRules };

interface HyphenModule {
  readonly hyphenateSync: (text: string, options?: { readonly minWordLength?: number }) => string;
}

const require = createRequire(import.meta.url);
const cache = new Map<string, Hyphenator>();

/**
 * Words longer than any a dictionary holds are not hyphenated: the patterns take time that grows
 * faster than the word (a 100,000-letter "word" took 25 s), and such a word is cut anywhere anyway.
 */
const longestHyphenated = 100;

/**
 * The hyphenator for a BCP 47 tag ("en-US" → hyphen/en-us, "de-DE" → hyphen/de); one that marks
 * nothing for languages without patterns. It takes a whole word as written between spaces
 * (punctuation included): a compound that has its own hyphen ("Vice-Ministers’") is not hyphenated
 * again, nor is a name, and a soft hyphen with fewer letters before or after it in its word than the
 * rules ask is left out.
 */
export function hyphenatorFor(language: string): Hyphenator {
  const known = cache.get(language);
  if (known) return known;
  const tag = language.toLowerCase();
  const module = [tag, tag.split('-')[0] ?? tag].map(load).find((loaded) => loaded !== undefined);
  const rules = hyphenationRules(language);
  const hyphenate = module ? remembered((word) => hyphenateWord(word, module, rules)) : (word: string) => word;
  const hyphenator: Hyphenator = Object.assign(hyphenate, { rules });
  cache.set(language, hyphenator);
  return hyphenator;
}

/**
 * For heads in title case ("Organizational Capacity"), where a capital starts a common word, not a
 * name: each word hyphenated as its small letters are, its capitals kept.
 */
export function titleCaseHyphenator(hyphenate: Hyphenator): Hyphenator {
  const inSmallLetters = (word: string): string => {
    const lower = word.toLowerCase();
    // A letter whose small form is longer (İ) would shift the marks: such a word is left to the rules.
    if (lower.length !== word.length) return hyphenate(word);
    let at = 0;
    let result = '';
    for (const character of hyphenate(lower)) {
      if (character === softHyphen) result += character;
      else {
        result += word.slice(at, at + character.length);
        at += character.length;
      }
    }
    return result;
  };
  return Object.assign(inSmallLetters, { rules: hyphenate.rules });
}

const letter = /\p{L}/u;
const hardHyphen = /[-\u2010]/;

function hyphenateWord(word: string, module: HyphenModule, rules: HyphenationRules): string {
  if (word.length > longestHyphenated || hardHyphen.test(word)) return word;
  const first = letter.exec(word)?.[0];
  if (first === undefined || (rules.properNames === 'capitalised' && first !== first.toLowerCase())) return word;
  const letters = word.match(/\p{L}/gu)?.length ?? 0;
  if (letters < rules.minBefore + rules.minAfter) return word;
  const marked = module.hyphenateSync(word, { minWordLength: rules.minBefore + rules.minAfter });
  // Drop the soft hyphens too close to either end of the word.
  let before = 0;
  let result = '';
  for (const character of marked) {
    if (character === softHyphen) {
      if (before >= rules.minBefore && letters - before >= rules.minAfter) result += character;
      continue;
    }
    if (letter.test(character)) before += 1;
    result += character;
  }
  return result;
}

/** More words than a build of a few hundred chapters has; past it the memory starts again. */
const rememberedWords = 100_000;

/** The patterns take a few microseconds a word, and the same words come back in every chapter. */
function remembered(hyphenate: (word: string) => string): (word: string) => string {
  const known = new Map<string, string>();
  return (word) => {
    let hyphenated = known.get(word);
    if (hyphenated === undefined) {
      hyphenated = hyphenate(word);
      if (known.size >= rememberedWords) known.clear();
      known.set(word, hyphenated);
    }
    return hyphenated;
  };
}

function load(name: string): HyphenModule | undefined {
  if (!/^[a-z]{2,3}(?:-[a-z0-9]+)*$/.test(name)) return undefined;
  try {
    return require(`hyphen/${name}`) as HyphenModule;
  } catch {
    return undefined;
  }
}
