/**
 * A rubric taller than a page splits between rows (a row taller than a page between its lines); its
 * header row repeats on the next page, as an artifact; nothing runs off the page or goes missing.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { buildInto, changedSource, outputBeside, removeFolder, replaceOnce } from '../../support/build.js';
import { readPdf } from '../../support/pdf.js';

it('splits a rubric taller than a page and repeats its header row', async () => {
  const band = 'Largely functional coordination mechanisms between line ministries and the GO/PMO, aimed at enhancing policy coherence, are in place.';
  const long = Array.from({ length: 150 }, (_, index) => `Sentence ${String(index + 1)} of a very long band description that goes on.`).join(' ');
  const folder = await changedSource({ 'codebook.yaml': replaceOnce(band, `${band} ${long}`) });
  try {
    const built = await buildInto(outputBeside(folder), { sourceDir: folder, formats: ['pdf'] });
    expect(built.diagnostics).toEqual([]);
    const pdf = await readPdf(path.join(outputBeside(folder), 'pdf/japan/coordination.pdf'));
    // The structure has each header row once …
    expect(pdf.textsOf('TH').filter((text) => text === 'Scores')).toHaveLength(5);
    // … and the page where the first rubric continues shows it again, drawn as an artifact.
    const continued = pdf.pageTexts.findIndex((text) => text.includes('Sentence 150 of a very long'));
    const started = pdf.pageTexts.findIndex((text) => text.includes('Sentence 1 of a very long'));
    expect(continued).toBeGreaterThan(-1);
    expect(started).toBeGreaterThan(-1);
    expect(pdf.artifactTexts[continued]).toContain('Scores Description');
    expect(continued).toBeGreaterThan(started);
    expect(pdf.text).toContain(`${band} ${long} Score 8 lies in this band`);
  } finally {
    await removeFolder(folder);
  }
});
