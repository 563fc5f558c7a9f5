/**
 * The chapter renderer (src/build/render-chapter.ts): warming it up (what `build --watch` does while
 * the author edits) loads its engines and changes nothing — the chapter rendered after it is the
 * same, byte for byte, as one rendered by a renderer never warmed.
 */
import { describe, expect, it } from 'vitest';
import { createChapterRenderer, type RenderSetup } from '../../src/build/render-chapter.js';
import { compileSample } from '../support/build.js';

describe('the chapter renderer', () => {
  it('warms up without changing a byte of what it renders', async () => {
    const { chapters, templates } = await compileSample();
    const tree = chapters[0]?.tree;
    if (!tree) throw new Error('no chapter');
    const { theme, layout, stylesheet, fonts } = templates;
    const setup: RenderSetup = { templates: { theme, layout, stylesheet, fonts }, formats: ['html', 'pdf', 'docx'], verify: true, sourceDate: new Date('2024-05-01T00:00:00Z') };
    const warmed = createChapterRenderer(setup);
    await warmed.warmUp();
    await warmed.warmUp();
    const afterWarmUp = await warmed.renderChapter(tree);
    const fresh = await createChapterRenderer(setup).renderChapter(tree);
    expect(afterWarmUp.disagreements).toEqual([]);
    expect(afterWarmUp.outputs.map((output) => output.path)).toEqual(['html/japan/coordination.html', 'pdf/japan/coordination.pdf', 'docx/japan/coordination.docx']);
    expect(afterWarmUp).toEqual(fresh);
  });
});
