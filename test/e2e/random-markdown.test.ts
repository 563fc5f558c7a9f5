/**
 * Random Markdown inside a question's assessment never crashes the pipeline: from a grammar of what
 * authors write (and mistype), each source is built in all three formats through the same `build()`
 * the CLI calls. The build either writes every edition or stops with diagnostics; it never throws
 * (which the CLI would turn into exit code 3, "a bug in rubricpress").
 */
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleIds } from '../../src/diagnostics/catalog.js';
import { buildInto, changedSource, outputBeside, removeFolder } from '../support/build.js';
import { looksLikeStackTrace, sampleText, summarize } from '../support/diagnostics.js';
import { beforeAdvanceScreening } from '../support/edits.js';
import { sampleHtmlFiles } from '../support/site.js';

const chapterPath = 'chapters/japan/coordination.md';
const chapter = sampleText(chapterPath);

// —— Inline content ——

const word = fc.oneof(
  fc.constantFrom('policy', 'coordination', 'Kantei', 'LDP', '2012', '10:30', 'a:b', 'e.g.', 'x_y_z', '1,000', 'naïve', 'Ko\u0308ln', 'e\u0301\u0301', 'Ωμέγα', 'Россия', '日本の内閣', 'السياسة', '👍🏽', '👩‍👩‍👧', '🇯🇵', '\u200b', '&amp;', '&#x1F600;', '\\*', '\\', '*', '_', '`', '[', ']', '<', '>', '~', '|', '#'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((text) => !/[\n\r]/.test(text)),
);
const safeUrl = fc.constantFrom('https://example.org/report', 'http://example.org/a_(b)?c=d&e=f#g', 'mailto:office@example.org', 'https://例え.jp/パス', `https://example.org/${'long-path/'.repeat(12)}end`);
const oddUrl = fc.constantFrom('javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'ftp://example.org/file', 'notes/ldp.html', '#anchor', '//example.org/protocol-relative', '');
const knownCitation = fc.constantFrom('[@iio2008]', '[@zakowski2021, p. 33]', '[see @makihara2009; @cavanaugh2023]', '[-@yashiro2016]', '[@mic2017, chap. 2]');
const oddCitation = fc.constantFrom('[@nosuchkey2099]', '[@]', '@iio2008', '[@iio2008', '[@zakowski2021; @mistyped20]');
const rawHtml = fc.constantFrom('<b>', '</b>', '<span class="x">', '<br>', '<!-- note -->', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:x">', '<iframe src="https://x"></iframe>');
const directiveLike = fc.constantFrom(':x[label]', ':x{a=b}', ':question', ':citations[@iio2008]', ':[]', ':{}');

/**
 * The Markdown grammar. `hostile` adds what authors should not write (raw HTML, images, headings,
 * odd link schemes, unknown citation keys, directives out of place, a `:::` line in a code block,
 * which ends the question as generic directives define); without it, nearly every source builds
 * (298 of 300 tried; a `#` word starting a line makes a heading), so the renderers see the whole of
 * the allowed grammar.
 */
function grammar(hostile: boolean): fc.Arbitrary<string> {
  const url = hostile ? fc.oneof(safeUrl, oddUrl) : safeUrl;
  const cite = hostile ? fc.oneof(knownCitation, oddCitation) : knownCitation;
  const extraInline = hostile ? [rawHtml, directiveLike, fc.constantFrom('[^1]', '[^note]', '[ref]', '[ref][]', '[text][ref]')] : [];
  const inline = fc.letrec<{ inline: string }>((tie) => ({
    inline: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      word,
      word,
      cite,
      ...extraInline,
      fc.tuple(tie('inline'), fc.constantFrom('*', '_', '**', '__', '***')).map(([text, marker]) => `${marker}${text}${marker}`),
      fc.tuple(tie('inline'), url).map(([text, href]) => `[${text}](${href})`),
      url.map((href) => `<${href}>`),
      ...(hostile ? [fc.tuple(tie('inline'), url).map(([text, href]) => `![${text}](${href})`)] : []),
      word.map((text) => `\`${text}\``),
      fc.array(tie('inline'), { minLength: 2, maxLength: 5 }).map((parts) => parts.join(' ')),
    ),
  })).inline;

  const line = fc.tuple(fc.array(inline, { minLength: 1, maxLength: 6 }), fc.constantFrom('', '', '', '\\', '  ')).map(([parts, end]) => parts.join(' ') + end);
  const paragraph = fc.array(line, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n').replace(/[\\ ]+$/, ''));
  const hostileBlocks = hostile
    ? [
        fc.tuple(fc.constantFrom('#', '##', '######'), line).map(([hashes, text]) => `${hashes} ${text}`),
        fc.constantFrom('<div>\nraw *block*\n</div>', '<script>\nalert(1)\n</script>', '<style>p{}</style>', '<!-- a comment -->', '<table><tr><td>x</td></tr></table>'),
        fc.constantFrom('::x', ':::x\ninside\n:::', '::citations[@iio2008]', '::citations[]', '::subcategory{#vertical-coordination rank=6}', ':::question{#national-standards score=8}\ntext\n:::', '::references', ':::key-findings\nx\n:::', '::::', ':::'),
        fc.tuple(fc.constantFrom('[^1]', '[ref]', '[text]'), url).map(([label, href]) => `${label}: ${href}`),
      ]
    : [];

  return fc.letrec<{ block: string; blocks: string }>((tie) => ({
    block: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      paragraph,
      paragraph,
      paragraph,
      fc.tuple(fc.constantFrom('```', '~~~', '````'), fc.constantFrom('', 'js', 'markdown'), fc.array(hostile ? fc.oneof(line, fc.constant(':::'), fc.constant('</script>')) : line, { maxLength: 4 })).map(
        ([fence, info, rows]) => `${fence}${info}\n${rows.join('\n')}\n${fence}`,
      ),
      fc.array(line, { minLength: 1, maxLength: 3 }).map((rows) => indent(rows.join('\n'), '    ')),
      fc.tuple(fc.constantFrom('- ', '* ', '+ ', '1. ', '3) '), fc.array(tie('blocks'), { minLength: 1, maxLength: 3 })).map(([marker, items]) =>
        items.map((item, index) => `${marker.replace(/^\d/, String(index + 1))}${indent(item, ' '.repeat(marker.length)).trimStart()}`).join('\n'),
      ),
      tie('blocks').map((inner) => indent(inner, '> ').replace(/^$/gm, '>')),
      fc.constantFrom('---', '***', '___', '- - -'),
      fc.tuple(line, line, line, line).map(([a, b, c, d]) => `| ${a} | ${b} |\n|---|:---:|\n| ${c} | ${d} |`),
      fc.tuple(fc.constantFrom('ref', 'Ref 2'), safeUrl).map(([label, href]) => `See [the ${label}][${label}].\n\n[${label}]: ${href}`),
      ...hostileBlocks,
    ),
    blocks: fc.array(tie('block'), { minLength: 1, maxLength: 3 }).map((blocks) => blocks.join('\n\n')),
  })).block;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((row) => (row === '' ? row : by + row))
    .join('\n');
}

const blocksOf = (hostile: boolean): fc.Arbitrary<string> => fc.array(grammar(hostile), { minLength: 1, maxLength: 4 }).map((blocks) => blocks.join('\n\n'));

/** What goes into the assessment: mostly Markdown that builds, some that must not, some nested past the limit. */
const assessment = fc.oneof(
  { weight: 6, arbitrary: blocksOf(false) },
  { weight: 3, arbitrary: blocksOf(true) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 8, max: 14 }), fc.constantFrom('-', '1.', '>')).map(([depth, marker]) => Array.from({ length: depth }, (_, level) => `${'   '.repeat(level)}${marker} level ${String(level + 1)}`).join('\n')) },
);

const knownRules: ReadonlySet<string> = new Set(ruleIds);

describe('random Markdown in an assessment', () => {
  it('never crashes the build: every edition is written, or diagnostics say why not', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(assessment, async (markdown) => {
        const folder = await changedSource({ [chapterPath]: beforeAdvanceScreening(markdown)(chapter) });
        try {
          const out = outputBeside(folder);
          // A throw here fails the property: it is what the CLI reports as an internal error.
          const { result, diagnostics } = await buildInto(out, { sourceDir: folder, formats: ['html', 'pdf', 'docx'] });
          for (const diagnostic of diagnostics) {
            expect(knownRules.has(diagnostic.ruleId ?? ''), summarize([diagnostic])).toBe(true);
            expect(looksLikeStackTrace(diagnostic.message), diagnostic.message).toBe(false);
            expect(diagnostic.line === null || diagnostic.line >= 1).toBe(true);
          }
          // A renderer that meets something it cannot draw points to a gap in rubricpress, not in the source.
          expect(summarize(diagnostics.filter((diagnostic) => diagnostic.ruleId === 'unrenderable-node'))).toBe('');
          if (result.ok) {
            expect(result.written.map((file) => path.relative(out, file).split(path.sep).join('/')).sort()).toEqual([
              'data/codebook.json',
              'data/scores.csv',
              'data/scores.json',
              'docx/edition.docx',
              'docx/japan.docx',
              'docx/japan/coordination.docx',
              ...sampleHtmlFiles,
              'pdf/edition.pdf',
              'pdf/japan.pdf',
              'pdf/japan/coordination.pdf',
            ]);
          } else {
            expect(diagnostics.some((diagnostic) => diagnostic.severity === 'error')).toBe(true);
            expect(existsSync(out)).toBe(false);
          }
        } finally {
          await removeFolder(folder);
        }
      }),
      { numRuns: 40 },
    );
  });
});
