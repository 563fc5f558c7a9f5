/**
 * Character coverage: names from many European languages and Japanese romanisation come out of the
 * PDF exactly as written, in the theme's embedded fonts; a character no configured font has is a
 * diagnostic that names it and where it is, never a silent blank or box.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInto, changedSource, lineColumnOf, outputBeside, removeFolder, replaceOnce } from '../../support/build.js';
import { readPdf } from '../../support/pdf.js';

const chapter = 'chapters/japan/coordination.md';
const anchor = 'Until the 1990s, the personnel resources';

const names = [
  'Łódź, Kraków, Gdańsk, Świętokrzyskie, Źródła', // Polish
  'Dvořák, Čapek, Šťastný, Ústí nad Labem, Kůň', // Czech
  'Győr, Szőke, Ődön, Tűz, Ürömi', // Hungarian (ő, ű)
  'București, Iași, Timișoara, Țara, Ștefan', // Romanian (comma below)
  'İstanbul, Şanlıurfa, Ağrı, Iğdır, Gümüşhane', // Turkish (İ, ı, ş, ğ)
  'Tôkyô, Kôzô, Ōsaka, Ryūkyū, Chûô Kôron', // Japanese romanisation
  'Þórsdóttir, Reykjavík, Ærøskøbing, Bjørn, Åland', // Icelandic, Danish, Norwegian, Swedish
  'Zürich, Straße, Œuvre, Ñuñoa, Žižek, Đurđević, Ļaudona, Ņikita, Ģederts', // German, French, Spanish, Croatian/Serbian, Latvian
  'Vilnius, Šiauliai, Ąžuolas, Ėriškiai, Ųla, Tallinn, Õismäe, Ülemiste', // Lithuanian, Estonian
  'Αθήνα, Москва, Київ', // Greek and Cyrillic (Noto covers them)
  '„quotes“ ‚single‘ «guillemets» — – … ‰ € £ ¥ § ¶ † ‡ • № ™', // typographic punctuation
];

describe('character coverage of the PDF', () => {
  it('keeps names from many languages, with their diacritics, exactly', async () => {
    const paragraph = names.join('; ');
    const folder = await changedSource({ [chapter]: replaceOnce(anchor, `${paragraph}.\n\n${anchor}`) });
    try {
      const built = await buildInto(outputBeside(folder), { sourceDir: folder, formats: ['pdf'] });
      expect(built.diagnostics).toEqual([]);
      const pdf = await readPdf(path.join(outputBeside(folder), 'pdf/japan/coordination.pdf'));
      for (const name of names.flatMap((line) => line.split(/, | /))) expect(pdf.text, name).toContain(name);
      expect(pdf.text).toContain(paragraph);
    } finally {
      await removeFolder(folder);
    }
  });

  it('names a character that no font covers, and where it stands, and writes the PDF with its box; --strict refuses the build', async () => {
    const folder = await changedSource({ [chapter]: replaceOnce(anchor, `The Kantei (ሰላም, Ethiopic, which no font of the theme has) decides.\n\n${anchor}`) });
    try {
      const text = await readFile(path.join(folder, chapter), 'utf8');
      const built = await buildInto(outputBeside(folder), { sourceDir: folder, formats: ['pdf'] });
      const missing = built.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'glyph-missing');
      expect(missing.map((diagnostic) => [diagnostic.severity, diagnostic.line, diagnostic.column])).toEqual(
        ['ሰ', 'ላ', 'ም'].map((character) => ['warning', lineColumnOf(text, character).line, lineColumnOf(text, character).column]),
      );
      expect(missing[0]?.message).toContain('“ሰ” (U+1230)');
      // The PDF draws them as boxes (tagged with their text): the warnings account for them, so the
      // agreement check does not blame rubricpress; the build is written, and --strict refuses it.
      expect(built.diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['glyph-missing', 'glyph-missing', 'glyph-missing']);
      expect(built.result.ok).toBe(true);
      const pdf = await readPdf(path.join(outputBeside(folder), 'pdf/japan/coordination.pdf'));
      expect(pdf.text).toContain('The Kantei (ሰላም, Ethiopic');
      const strict = await buildInto(path.join(outputBeside(folder), 'strict'), { sourceDir: folder, formats: ['pdf'], strict: true });
      expect(strict.result.ok).toBe(false);
      expect(strict.result.written).toEqual([]);
    } finally {
      await removeFolder(folder);
    }
  });

  it('is reported by check too, at each character’s line and column, in a chapter and in references.yaml; check --strict fails', async () => {
    const edits = {
      [chapter]: replaceOnce(anchor, `The Kantei (ሰላም ሰ) decides.\n\n${anchor}`),
      'references.yaml': replaceOnce('title: "From a Clerk Room to', 'title: "From a Clerk Room (ም) to'),
    };
    const folder = await changedSource(edits);
    try {
      const [chapterText, referencesText] = await Promise.all([readFile(path.join(folder, chapter), 'utf8'), readFile(path.join(folder, 'references.yaml'), 'utf8')]);
      const checked = await buildInto(path.join(folder, 'out'), { sourceDir: folder, write: false });
      const missing = checked.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'glyph-missing');
      const places = missing.map((diagnostic) => [path.basename(diagnostic.file), diagnostic.line, diagnostic.column]);
      // Each character once per file, at its first place; the second ሰ is counted in the message.
      expect(places).toEqual([
        ['coordination.md', lineColumnOf(chapterText, 'ሰ').line, lineColumnOf(chapterText, 'ሰ').column],
        ['coordination.md', lineColumnOf(chapterText, 'ላ').line, lineColumnOf(chapterText, 'ላ').column],
        ['coordination.md', lineColumnOf(chapterText, 'ም').line, lineColumnOf(chapterText, 'ም').column],
        ['references.yaml', lineColumnOf(referencesText, 'ም').line, lineColumnOf(referencesText, 'ም').column],
      ]);
      expect(missing[0]?.message).toContain('comes 2 times');
      expect(checked.result.ok).toBe(true);
      const strict = await buildInto(path.join(folder, 'out'), { sourceDir: folder, write: false, strict: true });
      expect(strict.result.ok).toBe(false);
      // The build reports the same, once each, at the same places.
      const built = await buildInto(outputBeside(folder), { sourceDir: folder, formats: ['pdf'], verify: false });
      expect(built.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'glyph-missing').map((diagnostic) => [path.basename(diagnostic.file), diagnostic.line, diagnostic.column])).toEqual(places);
    } finally {
      await removeFolder(folder);
    }
  });

  it('leaves text in the fallback fonts’ scripts unreported by check', async () => {
    const folder = await changedSource({ [chapter]: replaceOnce(anchor, `The Kantei (首相官邸, الحكومة, הממשלה) decides.\n\n${anchor}`) });
    try {
      const checked = await buildInto(path.join(folder, 'out'), { sourceDir: folder, write: false, strict: true });
      expect(checked.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'glyph-missing')).toEqual([]);
    } finally {
      await removeFolder(folder);
    }
  });
});
