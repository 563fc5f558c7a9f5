/**
 * Other scripts in the DOCX: Word picks a run's font by the slot its characters belong to (ASCII,
 * East Asian, complex script), so a Japanese run names the theme's Japanese fallback in `w:eastAsia`
 * with `w:hint="eastAsia"`, an Arabic or Hebrew one its fallback in `w:cs` and is marked `w:rtl`, and
 * a paragraph whose first letter is right to left is `w:bidi`. Read back from the unzipped document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generator } from '../../../src/package-info.js';
import { present } from '../../../src/present/present.js';
import { createDocxRenderer } from '../../../src/render/docx/render.js';
import { changedSource, compileSampleChapter, removeFolder, replaceOnce } from '../../support/build.js';
import { child, find, findAll, openDocx, textOf, type XmlElement } from '../../support/docx.js';

const arabicFirst = 'مجلس الوزراء ينسق السياسات (2024) with the ministries.';
let folder: string;
let body: XmlElement;

beforeAll(async () => {
  folder = await changedSource({
    'chapters/japan/coordination.md': replaceOnce(
      'Japan falls into the sample’s middle ranks',
      `The Cabinet Office (内閣府) and **the Secretariat (内閣官房)**; in Hebrew הממשלה.\n\n${arabicFirst}\n\nJapan falls into the sample’s middle ranks`,
    ),
  });
  const { tree, templates } = await compileSampleChapter(folder);
  const fallbacks = templates.fallbackFonts ?? [];
  expect(fallbacks.map((font) => font.family)).toEqual(expect.arrayContaining(['Noto Sans JP', 'Noto Sans Arabic', 'Noto Sans Hebrew']));
  const rendered = await createDocxRenderer({ theme: templates.theme, generator, fallbacks }).render(present(tree, templates.theme));
  expect(rendered.problems).toEqual([]);
  body = openDocx(rendered.bytes).body;
}, 20_000);
afterAll(async () => {
  await removeFolder(folder);
});

function runWith(text: string): XmlElement {
  const runs = findAll(body, 'w:r').filter((run) => textOf(run) === text);
  expect(runs).toHaveLength(1);
  const [run] = runs;
  if (!run) throw new Error(`no run "${text}"`);
  return run;
}

function fontsOf(run: XmlElement): Readonly<Record<string, string>> | undefined {
  const properties = child(run, 'w:rPr');
  return properties && child(properties, 'w:rFonts')?.attributes;
}

describe('font slots of other scripts', () => {
  it('names the Japanese fallback in the East Asian slot, with the hint, bold kept', () => {
    expect(fontsOf(runWith('内閣府'))).toEqual({ 'w:eastAsia': 'Noto Sans JP', 'w:hint': 'eastAsia' });
    const bold = runWith('内閣官房');
    expect(fontsOf(bold)).toEqual({ 'w:eastAsia': 'Noto Sans JP', 'w:hint': 'eastAsia' });
    expect(find(bold, 'w:b')).toHaveLength(1);
    // The Latin words around them keep the style's fonts.
    expect(fontsOf(runWith('The Cabinet Office ('))).toBeUndefined();
  });

  it('names the Arabic and Hebrew fallbacks in the complex-script slot, the runs right to left', () => {
    for (const [text, family] of [
      ['הממשלה', 'Noto Sans Hebrew'],
      ['مجلس الوزراء ينسق السياسات', 'Noto Sans Arabic'],
    ] as const) {
      const run = runWith(text);
      expect(fontsOf(run)).toEqual({ 'w:cs': family });
      expect(find(run, 'w:rtl')).toHaveLength(1);
    }
  });

  it('sets a paragraph right to left (w:bidi) when its first letter is, and no other', () => {
    const paragraphs = findAll(body, 'w:p');
    const bidi = paragraphs.filter((paragraph) => find(paragraph, 'w:bidi').length > 0);
    expect(bidi.map((paragraph) => textOf(paragraph))).toEqual([arabicFirst]);
  });
});
