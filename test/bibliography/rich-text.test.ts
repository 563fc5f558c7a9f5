import { describe, it, expect } from 'vitest';
import CSL from 'citeproc';
import {
  RUNS_FORMAT,
  escapeRunsText,
  linkTarget,
  parseRuns,
  phrasingToString,
  registerRunsFormat,
  runsOutputFormat,
} from '../../src/bibliography/rich-text.js';

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
