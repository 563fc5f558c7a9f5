import { describe, it, expect } from 'vitest';
import CSL from 'citeproc';
import {
  RUNS_FORMAT,
  escapeRunsText,
  linkScheme,
  linkTarget,
  parseRuns,
  phrasingToString,
  registerRunsFormat,
  runsOutputFormat,
} from '../../src/bibliography/rich-text.js';
import { createCitationEngine } from '../../src/bibliography/engine.js';
import type { CslItem } from '../../src/bibliography/references.js';
import { nodesOf, options } from './helpers.js';

const I = '\uE000';
const UPRIGHT = '\uE001';
const END_STYLE = '\uE002';
const B = '\uE003';
const END_WEIGHT = '\uE005';
const LINK = '\uE006';
const LINK_TEXT = '\uE007';
const END_LINK = '\uE008';

describe('the rubricpress-runs output format', () => {
  it('registers once on citeproc', () => {
    registerRunsFormat();
    registerRunsFormat();
    expect(CSL.Output.Formats[RUNS_FORMAT]).toBe(runsOutputFormat);
  });

  it('escapes its own marker characters, and nothing else', () => {
    expect(escapeRunsText('a < b & c')).toBe('a < b & c');
    expect(escapeRunsText(undefined)).toBe('');
    const tricky = `x${I}y${END_LINK}\uE00Fz`;
    expect(parseRuns(escapeRunsText(tricky))).toEqual([{ type: 'text', value: tricky }]);
  });
});

describe('parseRuns', () => {
  it('turns markers into text, emphasis, strong and link nodes', () => {
    const markup = `Author. ${I}Book${END_STYLE}. ${B}Bold ${I}both${END_STYLE}${END_WEIGHT} ${LINK}https://e.org/a${LINK_TEXT}https://e.org/a${END_LINK}`;
    expect(parseRuns(markup)).toEqual([
      { type: 'text', value: 'Author. ' },
      { type: 'emphasis', children: [{ type: 'text', value: 'Book' }] },
      { type: 'text', value: '. ' },
      {
        type: 'strong',
        children: [
          { type: 'text', value: 'Bold ' },
          { type: 'emphasis', children: [{ type: 'text', value: 'both' }] },
        ],
      },
      { type: 'text', value: ' ' },
      { type: 'link', url: 'https://e.org/a', children: [{ type: 'text', value: 'https://e.org/a' }] },
    ]);
  });

  it('sets upright text inside italics in roman', () => {
    const nodes = parseRuns(`${I}On ${UPRIGHT}Homo sapiens${END_STYLE} today${END_STYLE}`);
    expect(nodes).toEqual([
      { type: 'emphasis', children: [{ type: 'text', value: 'On ' }] },
      { type: 'text', value: 'Homo sapiens' },
      { type: 'emphasis', children: [{ type: 'text', value: ' today' }] },
    ]);
    expect(phrasingToString(nodes)).toBe('On Homo sapiens today');
  });

  it('keeps two adjacent links apart and reads the address from the url part', () => {
    const nodes = parseRuns(`${LINK}https://a.org${LINK_TEXT}a${END_LINK}${LINK}https://b.org${LINK_TEXT}b${END_LINK}`);
    expect(nodes.map((n) => n.type)).toEqual(['link', 'link']);
    expect(nodes.map((n) => (n.type === 'link' ? n.url : ''))).toEqual(['https://a.org', 'https://b.org']);
  });

  it('gives no empty nodes for empty markup', () => {
    expect(parseRuns('')).toEqual([]);
    expect(parseRuns(`${I}${END_STYLE}`)).toEqual([]);
  });
});

describe('linkTarget', () => {
  it('keeps addresses with a scheme and completes bare hosts and DOIs', () => {
    expect(linkTarget('http://www.andreasladner.ch/x%20y.pdf')).toBe('http://www.andreasladner.ch/x%20y.pdf');
    expect(linkTarget('www.govindicators.org')).toBe('https://www.govindicators.org');
    expect(linkTarget('10.1080/01900692.2016.1186178')).toBe('https://doi.org/10.1080/01900692.2016.1186178');
    expect(linkTarget('mailto:a@b.org')).toBe('mailto:a@b.org');
  });
});

describe('unsafe link targets', () => {
  it('linkTarget gives no target for a scheme other than http, https or mailto', () => {
    for (const address of ['javascript:alert(1)', 'JavaScript:alert(1)', ' java\tscript:alert(1)', '\u0001javascript:alert(1)', 'vbscript:msgbox', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'ftp://example.org/a']) {
      expect(linkTarget(address), JSON.stringify(address)).toBeUndefined();
    }
    expect(linkTarget('HTTPS://example.org')).toBe('HTTPS://example.org');
  });

  it('linkScheme reads the scheme as a browser would, ignoring spaces and control characters', () => {
    expect(linkScheme('Java\tScript:x')).toBe('javascript:');
    expect(linkScheme('https://e.org')).toBe('https:');
    expect(linkScheme('www.e.org')).toBeUndefined();
    expect(linkScheme('10.1080/01900692.2016.1186178')).toBeUndefined();
  });

  it('parseRuns prints an unsafe address as plain text, never as a link', () => {
    const nodes = parseRuns(`See ${LINK}javascript:alert(1)${LINK_TEXT}javascript:alert(1)${END_LINK}. ${LINK}https://e.org${LINK_TEXT}https://e.org${END_LINK}`);
    expect(nodes).toEqual([
      { type: 'text', value: 'See javascript:alert(1). ' },
      { type: 'link', url: 'https://e.org', children: [{ type: 'text', value: 'https://e.org' }] },
    ]);
  });

  it('a javascript: URL in a reference comes out of the engine as text, not a link', () => {
    const item: CslItem = { id: 'evil', type: 'webpage', title: 'Evil', issued: { 'date-parts': [[2020]] }, URL: 'javascript:alert(document.cookie)' };
    const nodes = createCitationEngine(options([item])).formatEntries(['evil']).get('evil') ?? [];
    expect(nodesOf(nodes, 'link')).toEqual([]);
    expect(phrasingToString(nodes)).toContain('javascript:alert(document.cookie)');
  });
});

