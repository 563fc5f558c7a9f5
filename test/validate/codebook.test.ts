import { describe, expect, it } from 'vitest';
import { checkChanged, replaceOnce } from '../support/build.js';
import { placeIn, placeOf, ruleIdsOf, sampleText, single } from '../support/diagnostics.js';
import { replaceAfter } from '../support/edits.js';

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
});
