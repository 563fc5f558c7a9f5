/**
 * The agreement check: every edition, read back as readers get it, says what the source says. A
 * renderer that drops a paragraph, or draws one twice, or adds text, is caught, with the edition, the paragraph's
 * place in the chapter and its first words; so is an edited output file, by `rubricpress verify`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Paragraph } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, main } from '../../src/cli/main.js';
import { docxContent } from '../../src/render/docx/content.js';
import { createHtmlRenderer } from '../../src/render/html/render.js';
import { createPdfRenderer } from '../../src/render/pdf/render.js';
import type { DocumentModel } from '../../src/document/model.js';
import { present } from '../../src/present/present.js';
import { createDocxRenderer } from '../../src/render/docx/render.js';
import { compareEdition } from '../../src/verify/compare.js';
import type { TextUnit } from '../../src/verify/expected.js';
import { verifyChapter } from '../../src/verify/verify.js';
import { readPdfEdition } from '../../src/verify/extract/pdf-edition.js';
import { sgiQuestionOrder } from '../../src/theme/theme.js';
import { expectedChapter } from '../../src/verify/expected.js';
import { buildInto, changedSource, compileSampleChapter, lineColumnOf, outputBeside, removeFolder, replaceOnce, sampleSource, temporaryFolder } from '../support/build.js';
import { firstMissingInOrder } from '../support/pdf.js';
import { readSeed, seedQuestions } from '../support/seed.js';
import { CollectingStream } from '../support/streams.js';
import { replaceParagraph } from '../support/trees.js';
import { sampleSiteFiles } from '../support/site.js';

const chapterPath = path.join(sampleSource, 'chapters/japan/coordination.md');
let folder: string;
let chapterText: string;
beforeAll(async () => {
  folder = await temporaryFolder();
  chapterText = await readFile(chapterPath, 'utf8');
});
afterAll(() => removeFolder(folder));

async function cli(args: readonly string[]) {
  const stdout = new CollectingStream();
  const stderr = new CollectingStream();
  const code = await main(args, { stdout, stderr, env: { CI: 'true' } });
  return { code, stderr: stderr.text };
}

describe('what the editions must say', () => {
  it('lists every fact of the seed as units in reading order, with the counts of questions, tables, entries and links', async () => {
    const { tree, templates } = await compileSampleChapter();
    const expected = expectedChapter(tree, templates.theme);
    const seed = readSeed();
    const questions = seedQuestions(seed);
    const text = expected.units.map((unit) => unit.text).join(' ');
    expect(firstMissingInOrder(text, [...seed.keyFindings, ...questions.flatMap((question) => [question.indicator, `Score ${String(question.score)} / 10`, question.text, ...question.bands.map((band) => band.description), ...question.paragraphs])])).toBeUndefined();
    expect(expected.counts).toEqual({ questions: 5, rubricTables: 5, citations: questions.reduce((sum, question) => sum + question.citations.length, 0), links: expect.any(Number) as number, noteCalls: 0, notes: 0, citationLinks: 0 });
    expect(expected.counts.links).toBeGreaterThan(5);
  });
});

describe('the agreement check in a build', () => {
  const original = docxContent.paragraph;
  afterEach(() => {
    Object.assign(docxContent, { paragraph: original });
  });

  it('passes the sample: all three editions agree, and the build writes them', async () => {
    const built = await buildInto(path.join(folder, 'agree'), { formats: ['html', 'pdf', 'docx'] });
    expect(built.diagnostics).toEqual([]);
    // The chapter's three editions, the country report's and the edition volume's two each, the web edition's files and the three data files.
    expect(built.result.written).toHaveLength(7 + sampleSiteFiles.length + 3);
  });

  it('reads compatibility characters back as written (a micro sign is not a Greek mu, m² is not m2)', async () => {
    await expectAgreeingEditions(replaceOnce(':::key-findings\n', ':::key-findings\nParticles of 5 µm, 10 m² of office space, ½ of the budget, the ™ sign, an ﬁ ligature.\n\n'));
  });

  it('catches a DOCX renderer that drops a paragraph, points at it, and writes nothing', async () => {
    const dropped = 'Until 2009, coordination on the most important policies';
    Object.assign(docxContent, {
      paragraph: (...args: Parameters<typeof original>) => {
        const [state, node, parent] = args;
        return toString(node).startsWith(dropped) ? original(state, { ...node, children: [] } satisfies Paragraph, parent) : original(...args);
      },
    });
    const built = await buildInto(path.join(folder, 'dropped'), { formats: ['html', 'pdf', 'docx'] });
    expect(built.result.ok).toBe(false);
    expect(built.result.written).toEqual([]);
    const place = lineColumnOf(chapterText, dropped);
    expect(built.diagnostics).toHaveLength(1);
    expect(built.diagnostics[0]).toMatchObject({ ruleId: 'edition-disagrees', severity: 'error', line: place.line, column: place.column });
    expect(built.diagnostics[0]?.message).toContain(`The DOCX edition lacks this paragraph, which starts “${dropped}`);
  });

  it('catches a DOCX renderer that writes a paragraph twice, and points at the paragraph', async () => {
    const repeated = 'Until 2009, coordination on the most important policies';
    Object.assign(docxContent, {
      paragraph: (...args: Parameters<typeof original>) => {
        const drawn = original(...args);
        if (!toString(args[1]).startsWith(repeated) || drawn.kind !== 'blocks') return drawn;
        return { kind: 'blocks', items: [...drawn.items, ...drawn.items] };
      },
    });
    const built = await buildInto(path.join(folder, 'repeated'), { formats: ['html', 'docx'] });
    expect(built.result.ok).toBe(false);
    expect(built.result.written).toEqual([]);
    const place = lineColumnOf(chapterText, repeated);
    expect(built.diagnostics).toHaveLength(1);
    expect(built.diagnostics[0]).toMatchObject({ ruleId: 'edition-disagrees', severity: 'error', line: place.line, column: place.column });
    expect(built.diagnostics[0]?.message).toMatch(/^The DOCX edition repeats text: after “[^”]+” it has “Until 2009, coordination on the most important policies between the” again\./);
  });

  it('catches a paragraph drawn twice in the HTML and the PDF too', async () => {
    const { tree, templates } = await compileSampleChapter();
    if (!templates.fonts) throw new Error('the templates have no fonts');
    const repeated = 'Until 2009, coordination on the most important policies';
    const twice = replaceParagraph(tree, repeated, (paragraph) => [paragraph, paragraph]);
    const html = createHtmlRenderer({ theme: templates.theme, layout: templates.layout, stylesheet: templates.stylesheet, generator: 'rubricpress test' }).render(present(twice, templates.theme)).html;
    const pdf = (await createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator: 'rubricpress test' }).render(present(twice, templates.theme))).bytes;
    const found = await verifyChapter(tree, templates.theme, { html, pdf });
    expect(found.map((disagreement) => [disagreement.edition, disagreement.unit?.kind])).toEqual([
      ['HTML', 'paragraph'],
      ['PDF', 'paragraph'],
    ]);
    for (const disagreement of found) expect(disagreement.message).toContain(`repeats text: after “`);
  });

  it('expects a question’s parts in the theme’s order: SGI’s order agrees in all three editions, and the tree’s own does not', async () => {
    const { tree, templates } = await compileSampleChapter();
    if (!templates.fonts) throw new Error('the templates have no fonts');
    // With the labels in capitals too: the check expects them as the theme sets them.
    const sgi = { ...templates.theme, look: { ...templates.theme.look, labels: 'capitals' as const, questionOrder: [...sgiQuestionOrder] } };
    const model = present(tree, sgi);
    const html = createHtmlRenderer({ theme: sgi, layout: templates.layout, stylesheet: templates.stylesheet, generator: 'rubricpress test' }).render(model).html;
    const pdf = (await createPdfRenderer({ theme: sgi, fonts: templates.fonts, generator: 'rubricpress test' }).render(model)).bytes;
    const docx = (await createDocxRenderer({ theme: sgi, generator: 'rubricpress test' }).render(model)).bytes;
    expect(await verifyChapter(tree, sgi, { html, pdf, docx })).toEqual([]);
    // The PDF reads the question asked and its rubric before the indicator and the score.
    const text = (await readPdfEdition(pdf)).text;
    const question = text.indexOf('To what extent do established coordination mechanisms');
    expect(question).toBeGreaterThan(0);
    expect(text.indexOf('RATING SCALE', question)).toBeGreaterThan(question);
    expect(text.indexOf('Effective Coordination Mechanisms of the GO|PMO', question)).toBeGreaterThan(text.indexOf('RATING SCALE', question));
    // Checked against the default order instead, the same editions disagree.
    expect((await verifyChapter(tree, templates.theme, { pdf })).length).toBeGreaterThan(0);
  });

  it('compares the footnotes on their own, and counts their calls', () => {
    const unit = (kind: TextUnit['kind'], text: string): TextUnit => ({ kind, text, position: undefined });
    const counts = { questions: 0, rubricTables: 0, citations: 0, links: 0, noteCalls: 2, notes: 2, citationLinks: 0 };
    const expected = { units: [unit('paragraph', 'Policy areas matter.')], counts, labelWords: new Set<string>(), contents: [], notes: 'The first note. The second note.', charts: [] };
    expect(compareEdition('PDF', expected, { text: 'Policy areas matter.', notes: 'The first note. The second note.', counts })).toEqual([]);
    expect(compareEdition('HTML', expected, { text: 'Policy areas matter.', notes: 'The first note. The second one.', counts }).map((found) => found.message)).toEqual([
      'The HTML edition\'s footnotes differ from the source\'s: after “first note. The second” the source has “note.”, the HTML edition “one.”.',
    ]);
    expect(compareEdition('DOCX', expected, { text: 'Policy areas matter.', counts: { ...counts, noteCalls: 1 } }).map((found) => found.message)).toEqual([
      'The DOCX edition\'s footnotes differ from the source\'s: at the start the source has “The first note. The second note.”, the DOCX edition “”.',
      'The DOCX edition has 1 footnote calls; the source has 2.',
    ]);
  });

  it('calls anything but labels between the units too many: a repeated rank, a word no source has', () => {
    const unit = (kind: TextUnit['kind'], text: string): TextUnit => ({ kind, text, position: undefined });
    const expected = { units: [unit('heading', 'Japan: Coordination'), unit('rank', 'Rank 3'), unit('paragraph', 'Policy areas matter.')], counts: { questions: 0, rubricTables: 0, citations: 0, links: 0, noteCalls: 0, notes: 0, citationLinks: 0 }, labelWords: new Set(['Question', 'Contents', 'Bertelsmann', 'Stiftung', '2024']), contents: [], notes: '', charts: [] };
    const read = (text: string) => compareEdition('PDF', expected, { text, counts: expected.counts });
    // Labels, the publisher line and their punctuation are fine, wherever they stand.
    expect(read('Contents Japan: Coordination Rank 3 Bertelsmann Stiftung · 2024 Question: Policy areas matter.')).toEqual([]);
    expect(read('Japan: Coordination Rank 3 Rank 3 Policy areas matter.')).toEqual([
      { edition: 'PDF', unit: expected.units[1], message: 'The PDF edition repeats text: after “Rank 3” it has “Rank 3” again.' },
    ]);
    expect(read('Japan: Coordination Rank 3 Policy areas matter. areas matter.')[0]?.message).toBe('The PDF edition repeats text: after “Policy areas matter.” it has “areas matter.” again.');
    expect(read('Japan: Coordination Rank 3 Policy areas matter. Lorem ipsum')[0]?.message).toBe('The PDF edition has text the source does not have: after “Policy areas matter.” it has “Lorem ipsum”.');
 
    // Text the source has twice (the same band in two rubrics, a reference cited twice) is two units: fine.
    const band = 'Functional mechanisms are in place.';
    const twice = { ...expected, units: [unit('rubric band', band), unit('paragraph', 'Between them.'), unit('rubric band', band), unit('paragraph', 'After them.')] };
    expect(compareEdition('DOCX', twice, { text: `${band} Between them. ${band} After them.`, counts: expected.counts })).toEqual([]);
    // Drawn a third time after the second: pointed at the second, the nearest before it.
    expect(compareEdition('DOCX', twice, { text: `${band} Between them. ${band} ${band} After them.`, counts: expected.counts })[0]?.unit).toBe(twice.units[2]);
  });

  it('is skipped with verify: false (--no-verify)', async () => {
    Object.assign(docxContent, { paragraph: (...args: Parameters<typeof original>) => original(args[0], { ...args[1], children: [] } satisfies Paragraph, args[2]) });
    const built = await buildInto(path.join(folder, 'unverified'), { formats: ['docx'], verify: false });
    expect(built.result.ok).toBe(true);
  });
});

describe('the agreement check and the presentation step', () => {
  it('expects what the report tree says, not what the model says: a wrong decision in the model is caught in every edition', async () => {
    const { tree, templates } = await compileSampleChapter();
    if (!templates.fonts) throw new Error('the templates have no fonts');
    const right = present(tree, templates.theme);
    // A presentation step that prints the wrong rank on the title page and leaves a sub-category out of the contents list.
    const wrong: DocumentModel = {
      ...right,
      front: right.front.map((part) => (part.kind === 'titlePage' ? { ...part, ...(part.rank ? { rank: { ...part.rank, text: 'Rank 61' } } : {}) } : part.kind === 'contents' ? { ...part, entries: part.entries.filter((entry) => entry.anchor.kind !== 'subCategory') } : part)),
    };
    const html = createHtmlRenderer({ theme: templates.theme, layout: templates.layout, stylesheet: templates.stylesheet, generator: 'rubricpress test' }).render(wrong).html;
    const pdf = (await createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator: 'rubricpress test' }).render(wrong)).bytes;
    const docx = (await createDocxRenderer({ theme: templates.theme, generator: 'rubricpress test' }).render(wrong)).bytes;
    const found = await verifyChapter(tree, templates.theme, { html, pdf, docx });
    for (const edition of ['HTML', 'PDF', 'DOCX'] as const) {
      const messages = found.filter((disagreement) => disagreement.edition === edition).map((disagreement) => disagreement.message);
      expect(messages.some((message) => message.startsWith(`The ${edition} edition differs in this rank`) || message.startsWith(`The ${edition} edition lacks this rank`))).toBe(true);
      expect(messages).toContain(`The ${edition} edition's contents list has “${right.front.find((part) => part.kind === 'contents')?.entries[2]?.title ?? ''}” where the source has “Quality of Horizontal Coordination”.`);
    }
    expect(await verifyChapter(tree, templates.theme, { html: createHtmlRenderer({ theme: templates.theme, layout: templates.layout, stylesheet: templates.stylesheet, generator: 'rubricpress test' }).render(right).html })).toEqual([]);
  });
});

describe('the agreement check and the imprint', () => {
  it('expects the imprint from the report tree: a wrong line and a missing one are caught in every edition', async () => {
    const { tree, templates } = await compileSampleChapter();
    if (!templates.fonts) throw new Error('the templates have no fonts');
    const right = present(tree, templates.theme);
    // A presentation step that misspells an editor's name and leaves out the licence.
    const wrong: DocumentModel = {
      ...right,
      front: right.front.map((part) => {
        if (part.kind !== 'titlePage' || !part.details) return part;
        const lines = part.details.lines
          .filter((line) => line.field !== 'licence')
          .map((line) => (line.field === 'editors' ? { ...line, children: [{ type: 'text' as const, value: 'Anna Lindquist, Markus Brandt' }] } : line));
        return { ...part, details: { ...part.details, lines } };
      }),
    };
    const html = createHtmlRenderer({ theme: templates.theme, layout: templates.layout, stylesheet: templates.stylesheet, generator: 'rubricpress test' }).render(wrong).html;
    const pdf = (await createPdfRenderer({ theme: templates.theme, fonts: templates.fonts, generator: 'rubricpress test' }).render(wrong)).bytes;
    const docx = (await createDocxRenderer({ theme: templates.theme, generator: 'rubricpress test' }).render(wrong)).bytes;
    const found = await verifyChapter(tree, templates.theme, { html, pdf, docx });
    for (const edition of ['HTML', 'PDF', 'DOCX'] as const) {
      const messages = found.filter((disagreement) => disagreement.edition === edition).map((disagreement) => disagreement.message);
      expect(messages[0]).toBe(`The ${edition} edition lacks this imprint line, which starts “Anna Lindqvist, Markus Brandt”; after “Hiroko Saito, Daniel Hoffmann” it has “Editors Anna Lindquist, Markus Brandt Assessment period November 1,”.`);
      expect(messages[1]).toMatch(new RegExp(`^The ${edition} edition lacks this imprint line, which starts “Creative Commons Attribution 4\\.0 International \\(CC-BY-4\\.0\\)”; after “© 2024 Bertelsmann Stiftung” it has “DOI https://doi`));
      // The licence's link is gone too.
      expect(messages).toContain(`The ${edition} edition has 13 links; the source has 14.`);
    }
  });
});

describe('rubricpress verify', () => {
  it('finds the editions in --out agreeing, then names a changed word and a missing table in the HTML', async () => {
    const out = path.join(folder, 'verify');
    expect((await cli(['build', sampleSource, '--out', out])).code).toBe(ExitCode.ok);
    const agreed = await cli(['verify', sampleSource, '--out', out]);
    expect(agreed.code).toBe(ExitCode.ok);
    expect(agreed.stderr).toContain('the HTML, PDF, DOCX editions of 1 chapter agree with the source');

    const htmlPath = path.join(out, 'html/japan/coordination.html');
    const html = await readFile(htmlPath, 'utf8');
    const changed = html.replace('Japanese ministries are staffed by career professionals', 'Japanese ministries are staffed by amateur professionals').replace(/<table class="rubric"[^>]*>[\s\S]*?<\/table>/, '');
    expect(changed).not.toBe(html);
    await writeFile(htmlPath, changed);
    const result = await cli(['verify', sampleSource, '--out', out]);
    expect(result.code).toBe(ExitCode.editionsDisagree);
    const place = lineColumnOf(chapterText, 'Japanese ministries are staffed');
    expect(result.stderr).toContain(`coordination.md:${String(place.line)}:${String(place.column)}: error: The HTML edition differs in this paragraph: after “ministries are staffed by” the source has “career professionals`);
    expect(result.stderr).toContain('the HTML edition “amateur professionals');
    expect(result.stderr).toContain('The HTML edition has 4 rubric tables; the source has 5.');
    expect(result.stderr).toContain('[edition-disagrees]');
    expect(result.stderr).toContain('rubricpress: the editions in --out do not agree with the source.');
  });

  it('says plainly when an edition file cannot be read (exit 4), and refuses build-only options', async () => {
    const out = path.join(folder, 'unreadable');
    expect((await cli(['build', sampleSource, '--out', out, '--format', 'html'])).code).toBe(ExitCode.ok);
    await mkdir(path.join(out, 'pdf/japan/coordination.pdf'), { recursive: true });
    const result = await cli(['verify', sampleSource, '--out', out, '--format', 'html,pdf']);
    expect(result.code).toBe(ExitCode.output);
    expect(result.stderr).toContain('cannot read');
    expect((await cli(['verify', sampleSource, '--out', out, '--pdfa'])).code).toBe(ExitCode.usage);
  });

  it('says which edition file is missing', async () => {
    const out = path.join(folder, 'missing');
    expect((await cli(['build', sampleSource, '--out', out, '--format', 'html'])).code).toBe(ExitCode.ok);
    const result = await cli(['verify', sampleSource, '--out', out, '--format', 'html,pdf']);
    expect(result.code).toBe(ExitCode.editionsDisagree);
    expect(result.stderr).toContain('The PDF edition of this chapter (pdf/japan/coordination.pdf) is missing');
  });
});

describe('what the check must not call a difference', () => {
  it('passes links across a page break, repeated addresses, long code lines, tabs, hard breaks in links and deep markers in code', async () => {
    const links = Array.from({ length: 150 }, (_, index) => `[link number ${String(index)} with several words](https://example.org/${String(index)})`).join(' ');
    const blocks = [
      links,
      'Twice the same address: [first](https://example.org/same) and again [second](https://example.org/same).',
      '```\n' + `${'word '.repeat(60)}end\n\tafter a tab\n${'> '.repeat(120)}quoted in code\n` + '```',
      'Inline `code\twith a tab` and a [link with a hard\\\nbreak](https://example.org/break).',
    ].join('\n\n');
    await expectAgreeingEditions(replaceOnce('Until the 1990s, the personnel resources', `${blocks}\n\nUntil the 1990s, the personnel resources`));
  });

  it('still finds a rank changed into a longer number ("Rank 24" → "Rank 245")', async () => {
    const out = path.join(folder, 'rank');
    expect((await cli(['build', sampleSource, '--out', out, '--format', 'html'])).code).toBe(ExitCode.ok);
    const htmlPath = path.join(out, 'html/japan/coordination.html');
    await writeFile(htmlPath, (await readFile(htmlPath, 'utf8')).replace('Rank 24 of 30<', 'Rank 245 of 30<'));
    const result = await cli(['verify', sampleSource, '--out', out, '--format', 'html']);
    expect(result.code).toBe(ExitCode.editionsDisagree);
    expect(result.stderr).toContain('The HTML edition lacks this rank, which starts “Rank 24 of 30”; after “Quality of Horizontal Coordination” it has “Rank 245 of 30');
  });
});

/** Builds the sample with its chapter changed by `edit`, in every format: no diagnostics, the editions written. */
async function expectAgreeingEditions(edit: (text: string) => string): Promise<void> {
  const source = await changedSource({ 'chapters/japan/coordination.md': edit });
  try {
    const built = await buildInto(outputBeside(source), { sourceDir: source, formats: ['html', 'pdf', 'docx'] });
    expect(built.diagnostics).toEqual([]);
    expect(built.result.ok).toBe(true);
  } finally {
    await removeFolder(source);
  }
}
