import { describe, expect, it } from 'vitest';
import { checkChanged, replaceOnce } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single } from '../support/diagnostics.js';

const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);
/** The start of a paragraph of the informal-coordination question, where the edits go. */
const paragraph = 'Advance screening takes';

describe('assessment content', () => {
  it('unsupported-markdown: a heading inside a question is reported and the fix suggested', async () => {
    const edited = replaceOnce(paragraph, `## Advance screening\n\n${paragraph}`)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unsupported-markdown']);
    const found = single(diagnostics, 'unsupported-markdown');
    expect(found).toMatchObject({ ruleId: 'unsupported-markdown', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '## Advance screening'));
    expect(found.message).toContain('Headings are not allowed inside key findings or a question');
    expect(found.message).toContain('Write the line as a paragraph');
  });

  it('unsupported-markdown: an image is reported, since no edition would show it', async () => {
    const edited = replaceOnce(paragraph, `![LDP policy divisions](https://example.org/ldp.png) ${paragraph}`)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unsupported-markdown']);
    const found = single(diagnostics, 'unsupported-markdown');
    expect(found).toMatchObject({ ruleId: 'unsupported-markdown', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '![LDP policy divisions]'));
    expect(found.message).toContain('Images are not supported');
    expect(found.message).toContain('"LDP policy divisions" would be missing');
  });

  it('unsafe-html: a <script> block is refused as code that could run in readers’ browsers', async () => {
    const edited = replaceOnce(paragraph, `<script>alert("hi")</script>\n\n${paragraph}`)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unsafe-html']);
    const found = single(diagnostics, 'unsafe-html');
    expect(found).toMatchObject({ ruleId: 'unsafe-html', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '<script>'));
    expect(found.message).toContain('could run code in readers\' browsers');
    expect(found.message).toContain('Delete it: chapters are Markdown only');
  });

  it('raw-html: harmless inline HTML is a warning (its tags are left out), with the Markdown to use instead', async () => {
    const edited = replaceOnce(paragraph, `Advance <b>screening</b> takes`)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(true);
    expect(ruleIdsOf(diagnostics)).toEqual(['raw-html', 'raw-html']);
    const [opening, closing] = diagnostics.filter((d) => d.ruleId === 'raw-html');
    expect(opening).toMatchObject({ ruleId: 'raw-html', severity: 'warning' });
    if (opening === undefined || closing === undefined) throw new Error('expected two raw-html diagnostics');
    expect(placeOf(opening)).toEqual(placeIn(chapterPath, edited, '<b>'));
    expect(placeOf(closing)).toEqual(placeIn(chapterPath, edited, '</b>'));
    expect(opening.message).toContain('Use Markdown instead: *emphasis*, **strong**');
  });

  it('unsafe-link: a javascript: link is refused at the link', async () => {
    const edited = replaceOnce(paragraph, `Advance [screening](javascript:alert(document.cookie)) takes`)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unsafe-link']);
    const found = single(diagnostics, 'unsafe-link');
    expect(found).toMatchObject({ ruleId: 'unsafe-link', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '[screening]'));
    expect(found.message).toContain('uses the javascript: scheme');
    expect(found.message).toContain('it is refused. Link to an http, https or mailto address instead');
  });

  it('unsafe-link: a reference-style link whose definition is javascript: is refused too', async () => {
    const edited = replaceOnce(paragraph, `Advance [screening][ldp] takes`)(chapter).replace('::citations[@iio2008', '[ldp]: JavaScript:alert(1)\n\n::citations[@iio2008');
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unsafe-link']);
    const found = single(diagnostics, 'unsafe-link');
    expect(found).toMatchObject({ ruleId: 'unsafe-link', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '[screening][ldp]'));
    expect(found.message).toContain('uses the javascript: scheme');
  });

  it('unsafe-link: a relative link, which cannot work in PDF or DOCX, asks for a full address', async () => {
    const edited = replaceOnce(paragraph, `Advance [screening](notes/ldp.html) takes`)(chapter);
    const { diagnostics, result } = await checkChanged({ [chapterPath]: edited });
    expect(result.ok).toBe(false);
    const found = single(diagnostics, 'unsafe-link');
    expect(found).toMatchObject({ ruleId: 'unsafe-link', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(chapterPath, edited, '[screening]'));
    expect(found.message).toContain('Write the full address (https://…)');
  });
});
