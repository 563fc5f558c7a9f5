/**
 * Hyphenation for justified print: soft hyphens (U+00AD) inserted by the `hyphen` package's
 * patterns for the edition's language. The line breaker breaks at them and draws a hyphen only
 * there; elsewhere they are removed before drawing, so they never reach the PDF's text.
 */
import { createRequire } from 'node:module';

export const softHyphen = '\u00AD';

export type Hyphenator = (word: string) => string;

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

/** The hyphenator for a BCP 47 tag ("en-US" → hyphen/en-us, "de-DE" → hyphen/de); none for languages without patterns. */
export function hyphenatorFor(language: string): Hyphenator {
  const known = cache.get(language);
  if (known) return known;
  const tag = language.toLowerCase();
  const module = [tag, tag.split('-')[0] ?? tag].map(load).find((loaded) => loaded !== undefined);
  const hyphenator: Hyphenator = module ? remembered((word) => (word.length < 6 || word.length > longestHyphenated ? word : module.hyphenateSync(word, { minWordLength: 6 }))) : (word) => word;
  cache.set(language, hyphenator);
  return hyphenator;
}

/** More words than a build of a few hundred chapters has; past it the memory starts again. */
const rememberedWords = 100_000;

/** The patterns take a few microseconds a word, and the same words come back in every chapter. */
function remembered(hyphenate: Hyphenator): Hyphenator {
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
