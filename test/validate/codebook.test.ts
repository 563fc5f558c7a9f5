import type { Rubric } from '../../src/tree/types.js';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { buildInto, changedSource, checkChanged, compileSample, outputBeside, removeFolder, replaceOnce } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single, summarize } from '../support/diagnostics.js';
import { applyAll, replaceAfter } from '../support/edits.js';

const codebookPath = 'codebook.yaml';
const codebook = sampleText(codebookPath);
const goPmo = '- id: go-pmo-coordination';

describe('codebook.yaml', () => {
  it('duplicate-id: a question given the id of another is reported at the second id', async () => {
    const edited = replaceOnce('- id: informal-coordination', '- id: go-pmo-coordination')(codebook);
    const { diagnostics, result } = await checkChanged({ [codebookPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['duplicate-id']);
    const found = single(diagnostics, 'duplicate-id');
    expect(found).toMatchObject({ ruleId: 'duplicate-id', severity: 'error' });
    const second = edited.indexOf(goPmo) + 1;
    expect(placeOf(found)).toEqual(placeIn(codebookPath, edited, 'go-pmo-coordination', edited.indexOf(goPmo, second)));
    expect(found.message).toContain('The id `go-pmo-coordination` is used twice in codebook.yaml');
    expect(found.message).toContain('Give this question its own id');
  });

  it('unknown-scale: a rubric naming an undefined scale gets a suggestion', async () => {
    const edited = replaceAfter('- id: informal-coordination', 'scale: sgi-10', 'scale: sgi10')(codebook);
    const { diagnostics, result } = await checkChanged({ [codebookPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['unknown-scale']);
    const found = single(diagnostics, 'unknown-scale');
    expect(found).toMatchObject({ ruleId: 'unknown-scale', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(codebookPath, edited, 'sgi10'));
    expect(found.message).toContain('names the scale `sgi10`, which `scales` does not define');
    expect(found.message).toContain('Did you mean `sgi-10`?');
  });

  it('rubric-band-overlap: bands 10–9 and 9–6 both claim the score 9', async () => {
    const edited = replaceAfter(goPmo, '- range: [8, 6]', '- range: [9, 6]')(codebook);
    const { diagnostics, result } = await checkChanged({ [codebookPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['rubric-band-overlap']);
    const found = single(diagnostics, 'rubric-band-overlap');
    expect(found).toMatchObject({ ruleId: 'rubric-band-overlap', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(codebookPath, edited, '[9, 6]'));
    expect(found.message).toContain('The bands 10–9 and 9–6 of `go-pmo-coordination` both include the score 9');
    expect(found.message).toContain('Make each score belong to exactly one band');
  });

  it('rubric-band-gap: narrowing the band 8–6 to 8–7 leaves the score 6 without a band', async () => {
    const edited = replaceAfter(goPmo, '- range: [8, 6]', '- range: [8, 7]')(codebook);
    const { diagnostics, result } = await checkChanged({ [codebookPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['rubric-band-gap']);
    const found = single(diagnostics, 'rubric-band-gap');
    expect(found).toMatchObject({ ruleId: 'rubric-band-gap', severity: 'error' });
    // At the rubric's list of bands: the gap lies between two of them.
    expect(placeOf(found)).toEqual(placeIn(codebookPath, edited, '- range: [10, 9]', edited.indexOf(goPmo)));
    expect(found.message).toContain('The rubric of `go-pmo-coordination` leaves the score 6 without a band (scale 1–10)');
    expect(found.message).toContain('Widen a band or add one');
  });

  it('rubric-band-outside-scale: a band 11–9 reaches past a scale that ends at 10', async () => {
    const edited = replaceAfter(goPmo, '- range: [10, 9]', '- range: [11, 9]')(codebook);
    const { diagnostics, result } = await checkChanged({ [codebookPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['rubric-band-outside-scale']);
    const found = single(diagnostics, 'rubric-band-outside-scale');
    expect(found).toMatchObject({ ruleId: 'rubric-band-outside-scale', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(codebookPath, edited, '[11, 9]'));
    expect(found.message).toContain('The band 11–9 of `go-pmo-coordination` reaches outside its scale 1–10');
    expect(found.message).toContain('Keep every band within the scale');
  });

  it('schema-field: a band range written as text rather than [high, low] is reported at the value', async () => {
    const edited = replaceAfter(goPmo, '- range: [10, 9]', '- range: 10-9')(codebook);
    const { diagnostics, result } = await checkChanged({ [codebookPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['schema-field']);
    const found = single(diagnostics, 'schema-field');
    expect(found).toMatchObject({ ruleId: 'schema-field', severity: 'error' });
    expect(placeOf(found)).toEqual(placeIn(codebookPath, edited, '10-9'));
    expect(found.message).toContain('must be a pair of whole numbers [high, low], e.g. [10, 9]');
  });

  it('rubric-band-overlap: a wide band is checked against every band it covers, not only its neighbour', async () => {
    const edited = replaceAfter(goPmo, '- range: [10, 9]', '- range: [10, 5]')(codebook);
    const { diagnostics, result } = await checkChanged({ [codebookPath]: edited });
    expect(result.ok).toBe(false);
    expect(ruleIdsOf(diagnostics)).toEqual(['rubric-band-overlap', 'rubric-band-overlap']);
    const messages = diagnostics.map((d) => d.message);
    expect(messages).toContainEqual(expect.stringContaining('The bands 10–5 and 8–6 of `go-pmo-coordination` both include the score 6'));
    expect(messages).toContainEqual(expect.stringContaining('The bands 10–5 and 5–3 of `go-pmo-coordination` both include the score 5'));
    const start = edited.indexOf(goPmo);
    expect(diagnostics.map(placeOf)).toEqual(expect.arrayContaining([placeIn(codebookPath, edited, '[8, 6]', start), placeIn(codebookPath, edited, '[5, 3]', start)]));
  });

  it('rubric-band-gap: a long run of missing scores is named as a range, a short one score by score', async () => {
    const edited = applyAll(
      replaceAfter(goPmo, '- range: [10, 9]', '- range: [10, 10]'),
      replaceAfter(goPmo, '- range: [8, 6]', '- range: [7, 7]'),
      replaceAfter(goPmo, '- range: [5, 3]', '- range: [6, 6]'),
    )(codebook);
    const { diagnostics } = await checkChanged({ [codebookPath]: edited });
    const found = single(diagnostics, 'rubric-band-gap');
    expect(found).toMatchObject({ ruleId: 'rubric-band-gap', severity: 'error' });
    expect(found.message).toContain('The rubric of `go-pmo-coordination` leaves the scores 3–5, 8, 9 without a band (scale 1–10)');
  });

  it('rubric-band-outside-scale: a band reaching 300 million below the scale is a diagnostic, not a crash', { timeout: 5000 }, async () => {
    const edited = replaceAfter(goPmo, '- range: [10, 9]', '- range: [10, -300000000]')(codebook);
    const { diagnostics, result } = await checkChanged({ [codebookPath]: edited });
    expect(result.ok).toBe(false);
    // Reported first; the scores it shares with the other bands are overlaps of their own.
    expect(ruleIdsOf(diagnostics)[0]).toBe('rubric-band-outside-scale');
    const found = single(diagnostics, 'rubric-band-outside-scale');
    expect(placeOf(found)).toEqual(placeIn(codebookPath, edited, '[10, -300000000]'));
    expect(found.message).toContain('The band 10–-300000000 of `go-pmo-coordination` reaches outside its scale 1–10');
    const overlaps = diagnostics.filter((d) => d.ruleId === 'rubric-band-overlap').map((d) => d.message);
    expect(overlaps).toHaveLength(3);
    expect(overlaps).toEqual(
      expect.arrayContaining([
        expect.stringContaining('The bands 10–-300000000 and 2–1 of `go-pmo-coordination` both include the score 1'),
        expect.stringContaining('The bands 10–-300000000 and 5–3 of `go-pmo-coordination` both include the score 3'),
        expect.stringContaining('The bands 10–-300000000 and 8–6 of `go-pmo-coordination` both include the score 6'),
      ]),
    );
  });

  it('rubric-band-gap: a scale up to a billion is checked quickly, the missing scores named as one range', { timeout: 5000 }, async () => {
    const edited = replaceOnce('sgi-10: { min: 1, max: 10 }', 'sgi-10: { min: 1, max: 1000000000 }')(codebook);
    const { diagnostics, result } = await checkChanged({ [codebookPath]: edited });
    expect(result.ok).toBe(false);
    const gaps = diagnostics.filter((d) => d.ruleId === 'rubric-band-gap');
    expect(gaps.length).toBeGreaterThan(0);
    expect(new Set(ruleIdsOf(diagnostics))).toEqual(new Set(['rubric-band-gap']));
    for (const gap of gaps) expect(gap.message).toContain('leaves the scores 11–1000000000 without a band (scale 1–1000000000)');
  });

  it('a 0–4 scale with three bands builds cleanly, and the rubric shows those bands with the score 0 selected', async () => {
    const fivePoint = 'scale: five-point\n              bands:\n'
      + '                - range: [4, 3]\n                  description: Works well.\n'
      + '                - range: [2, 1]\n                  description: Works in part.\n'
      + '                - range: [0, 0]\n                  description: Does not work.\n';
    const edited = (text: string): string => {
      const start = text.indexOf(goPmo);
      const from = text.indexOf('scale: sgi-10', start);
      const to = text.indexOf('          - id: ', from);
      if (start < 0 || from < 0 || to < 0) throw new Error('the sample codebook has changed');
      const withScale = replaceOnce('sgi-10: { min: 1, max: 10 }', 'sgi-10: { min: 1, max: 10 }\n  five-point: { min: 0, max: 4 }');
      return withScale(text.slice(0, from) + fivePoint + text.slice(to));
    };
    const folder = await changedSource({
      [codebookPath]: edited,
      'chapters/japan/coordination.md': replaceOnce('{#go-pmo-coordination score=8}', '{#go-pmo-coordination score=0}'),
    });
    try {
      const built = await buildInto(outputBeside(folder), { sourceDir: folder });
      expect(built.diagnostics, summarize(built.diagnostics)).toEqual([]);
      expect(built.result.ok).toBe(true);
      expect(built.result.written.length).toBeGreaterThan(0);

      const compiled = await compileSample(folder);
      const rubrics: Rubric[] = [];
      for (const chapter of compiled.chapters) {
        visit(chapter.tree, 'question', (question) => {
          if (question.id !== 'go-pmo-coordination') return;
          for (const child of question.children) if (child.type === 'rubric') rubrics.push(child);
        });
      }
      expect(rubrics).toHaveLength(1);
      const rubric = rubrics[0];
      expect(rubric).toMatchObject({ scaleMin: 0, scaleMax: 4, score: 0 });
      expect(rubric?.children.map(({ low, high, selected }) => ({ low, high, selected }))).toEqual([
        { low: 3, high: 4, selected: false },
        { low: 1, high: 2, selected: false },
        { low: 0, high: 0, selected: true },
      ]);
    } finally {
      await removeFolder(folder);
    }
  });
});
