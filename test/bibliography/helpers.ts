import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PhrasingContent } from 'mdast';
import type { CitationEngineOptions } from '../../src/bibliography/engine.js';
import { loadBundledLocale } from '../../src/bibliography/locales.js';
import { parseReferencesYaml, type CslItem } from '../../src/bibliography/references.js';

const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export const styleXml = readFileSync(root('templates/csl/house-author-date.csl'), 'utf8');

export const localeXml = ((): string => {
  const xml = loadBundledLocale('en-US');
  if (xml === undefined) throw new Error('no en-US locale');
  return xml;
})();

export function loadSampleReferences(): readonly CslItem[] {
  const result = parseReferencesYaml(readFileSync(root('source/references.yaml'), 'utf8'));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.items;
}

/** Loaded once: the same array gives the same cached engine. */
export const sampleReferences = loadSampleReferences();

export function options(references: readonly CslItem[] = sampleReferences): CitationEngineOptions {
  return { styleXml, localeXml, lang: 'en-US', references };
}

/** All nodes of a type, depth first. */
export function nodesOf<T extends PhrasingContent['type']>(
  nodes: readonly PhrasingContent[],
  type: T,
): Extract<PhrasingContent, { type: T }>[] {
  const out: Extract<PhrasingContent, { type: T }>[] = [];
  const walk = (list: readonly PhrasingContent[]): void => {
    for (const node of list) {
      if (node.type === type) out.push(node as Extract<PhrasingContent, { type: T }>);
      if ('children' in node) walk(node.children);
    }
  };
  walk(nodes);
  return out;
}
