/**
 * The editors' round trip with DOCX edits as Word writes them (hand-made OOXML: runs split by revision
 * ids, `w:ins`/`w:del` by an author, `w:moveFrom`/`w:moveTo`, a deleted paragraph mark, comment
 * ranges with word/comments.xml, new and deleted paragraphs) imported into a copy of the sample, and
 * the result rebuilt in every edition with the agreement check. LibreOffice's own edits are in
 * test/clients/docx-roundtrip.test.ts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { buildInto, changedSource, lineColumnOf, removeFolder, sampleSource, templatesDir } from '../support/build.js';
import { diagnosticsAsJson } from '../../src/diagnostics/json.js';
import { importDocx } from '../../src/roundtrip/import.js';
import { readDocx, textOf, find, paragraphStyle } from '../support/docx.js';
import { readPdf } from '../support/pdf.js';
import { applyEdits, asWordSavesIt, chapterDocx, commentOn, deleteParagraph, editDocx, importInto, newParagraphAfter, paragraphWith, typeOver, wordRun } from '../support/word.js';

const chapterFile = 'chapters/japan/coordination.md';
let source: string;
let sample: string;
let docx: Uint8Array;

beforeAll(async () => {
  source = await changedSource({});
  sample = await readFile(path.join(sampleSource, chapterFile), 'utf8');
  docx = await chapterDocx();
});
afterAll(async () => {
  await removeFolder(source);
});

const jane = { author: 'Jane Editor', date: '2026-11-30T09:15:00Z' };

/** The lines of `after` that differ from `before`'s, when both have the same number of lines. */
function changedLines(before: string, after: string): string[] {
  const old = before.split('\n');
  return after.split('\n').filter((line, index) => line !== old[index]);
}

describe('an unedited DOCX', () => {
  it('imports as no change at all: no edit, no diagnostic, the chapter as it was', async () => {
    const imported = await importInto(source, docx);
    expect(imported.diagnostics).toEqual([]);
    expect(imported.result.changed).toEqual([]);
    expect(imported.chapter).toBe(sample);
  });

  it('saved again by Word (runs split mid-word by revision ids, proofing marks, bookmarks renumbered, _GoBack) imports as no change', async () => {
    const resaved = editDocx(docx, asWordSavesIt);
    expect(strFromU8(unzipSync(resaved)['word/document.xml'] ?? new Uint8Array())).toContain('<w:proofErr w:type="spellStart"/>');
    const { result, chapter, diagnostics } = await importInto(source, resaved);
    expect(diagnostics).toEqual([]);
    expect(result.changed).toEqual([]);
    expect(chapter).toBe(sample);
  });

  it('saved by Word with a word typed over across a split run: only that word changes', async () => {
    // The word typed over is split between two runs of different revisions, mid-word; then Word's saving.
    const typed = (xml: string): string => xml.replace('considered insufficient, which', 'considered inade</w:t></w:r><w:r w:rsidR="00B0B0B0"><w:t xml:space="preserve">quate, which');
    const edited = editDocx(docx, applyEdits(typed, asWordSavesIt));
    expect(strFromU8(unzipSync(edited)['word/document.xml'] ?? new Uint8Array())).toMatch(/considered inade<\/w:t><\/w:r>(?:<w:proofErr w:type="spellEnd"\/>)?<w:r w:rsidR="00B0B0B0"><w:t xml:space="preserve">quate, which/);
    const { result, chapter, diagnostics } = await importInto(source, edited);
    expect(diagnostics).toEqual([]);
    expect(result.changed).toHaveLength(1);
    expect(chapter).toBe(sample.replace('were considered insufficient', 'were considered inadequate'));
  });

  it('marks every paragraph of the chapter, and each block of prose with the words the import finds for it', async () => {
    const { body } = await readDocx(await writeTemporary(docx));
    const paragraphs = find(body, 'w:p').filter((paragraph) => !/^TOC/.test(paragraphStyle(paragraph) ?? ''));
    const unmarked = paragraphs.filter((paragraph) => !find(paragraph, 'w:bookmarkStart').some((start) => start.attributes['w:name']?.startsWith('_rp')));
    expect(unmarked.map(textOf)).toEqual([]);
    expect(paragraphs.length).toBeGreaterThan(100);
  });
});

describe('edits as Word writes them', () => {
  let imported: Awaited<ReturnType<typeof importInto>>;
  const comment = commentOn('With a staff of more than 1,000', { id: 7, ...jane, words: 'Is this figure from 2023?' });

  beforeAll(async () => {
    const edited = editDocx(
      docx,
      applyEdits(
        // A word typed over, the run split by revision ids.
        typeOver('were considered insufficient', 'were considered inadequate'),
        // A tracked replacement and a tracked insertion.
        typeOver('strong sectionalism', 'marked sectionalism', { tracked: { ...jane, id: 101 } }),
        typeOver('Prime Minister Kishida, however,', 'Prime Minister Kishida, however, clearly', { tracked: { ...jane, id: 103 } }),
        // A sentence deleted.
        typeOver(' Local governments in Japan have limited financial autonomy.', ''),
        // A new paragraph, with an italic word.
        newParagraphAfter('(rank 16) in the category of coordination.', wordRun('A new finding on the ') + wordRun('Kantei', { italic: true }) + wordRun('’s role.')),
        // A paragraph deleted.
        deleteParagraph('In addition, meetings of the Forum for Consultations'),
        comment.edit,
      ),
      { 'word/comments.xml': comment.part },
    );
    imported = await importInto(source, edited);
  });

  it('applies each as a minimal edit of the Markdown and leaves every other line as it was', () => {
    expect(imported.diagnostics).toEqual([]);
    const { chapter } = imported;
    expect(chapter).toContain('were considered inadequate, which was redressed');
    expect(chapter).toContain('characterized by marked sectionalism focused');
    expect(chapter).toContain('Prime Minister Kishida, however, clearly has been less skillful');
    expect(chapter).toContain('has enhanced service uniformity.\n:::');
    expect(chapter).toContain('in the category of coordination.\n\nA new finding on the *Kantei*’s role.\n\nThe well-staffed Cabinet Office');
    expect(chapter).not.toContain('In addition, meetings of the Forum');
    // The paragraph before the deleted one now ends the assessment, before its citations.
    expect(chapter).toContain('ruled in favor of the government’s position.\n\n::citations[@ladner2021;');
    // Markup elsewhere in edited paragraphs is kept: the italic terms of the first assessment.
    expect(chapter).toContain('Cabinet Office (*Naikakufu*) has the personnel');
    const removedLines = sample.split('\n').filter((line) => !chapter.split('\n').includes(line));
    expect(removedLines.map((line) => line.slice(0, 40))).toEqual([
      'Strong national standards provide for un',
      'Until the 1990s, the personnel resources',
      'Japanese ministries are characterized by',
      'Advance screening takes place regularly ',
      'In addition, meetings of the Forum for C',
    ]);
  });

  it('lists the comment with the place of its words in the chapter', () => {
    const at = lineColumnOf(imported.chapter, 'With a staff of more than 1,000');
    expect(imported.result.comments).toEqual([{ file: expect.stringContaining(chapterFile) as string, ...at, text: 'comment by Jane Editor (2026-11-30): Is this figure from 2023? [on "With a staff of more than 1,000"]' }]);
  });

  it('rebuilds with the edits in all three editions, and the editions agree with the source', async () => {
    const { changed } = imported.result;
    const folder = await changedSource({ [chapterFile]: changed[0]?.after ?? '' });
    // The output folder beside the source, never inside it (build/folders.ts).
    const out = `${folder}-out`;
    try {
      const built = await buildInto(out, { sourceDir: folder, formats: ['html', 'pdf', 'docx'] });
      expect(built.diagnostics).toEqual([]);
      expect(built.result.ok).toBe(true);
      const html = (await readFile(path.join(out, 'html/japan/coordination.html'), 'utf8')).replace(/\s+/g, ' ');
      const pdf = (await readPdf(path.join(out, 'pdf/japan/coordination.pdf'))).text;
      const word = find((await readDocx(path.join(out, 'docx/japan/coordination.docx'))).body, 'w:p').map(textOf).join('\n');
      for (const text of [html, pdf, word]) {
        expect(text).toContain('were considered inadequate');
        expect(text).toContain('characterized by marked sectionalism');
        expect(text).toContain('however, clearly has been less skillful');
        expect(text).not.toContain('meetings of the Forum for Consultations');
      }
      expect(html).toContain('A new finding on the <em>Kantei</em>’s role.');
      expect(pdf).toContain('A new finding on the Kantei’s role.');
      expect(word).toContain('A new finding on the Kantei’s role.');
    } finally {
      await removeFolder(folder);
      await removeFolder(out);
    }
  });
});

describe('tracked changes', () => {
  const tracked = applyEdits(
    typeOver('strong sectionalism', 'marked sectionalism', { tracked: { ...jane, id: 201 } }),
    typeOver(' Both have yet to be fully implemented.', '', { tracked: { ...jane, id: 203 } }),
  );

  it('are accepted by default', async () => {
    const { chapter, result } = await importInto(source, editDocx(docx, tracked));
    expect(chapter).toContain('characterized by marked sectionalism');
    expect(chapter).toContain('to facilitate information sharing between various institutions.\n');
    expect(result.trackedChanges.map((change) => change.text)).toEqual([
      'tracked deletion "strong sectionalism" by Jane Editor (2026-11-30): applied',
      'tracked insertion "marked sectionalism" by Jane Editor (2026-11-30): applied',
      'tracked deletion "Both have yet to be fully implemented." by Jane Editor (2026-11-30): applied',
    ]);
  });

  it('with --pending, are not applied, and each is listed with its author and where it touches the chapter', async () => {
    const untracked = typeOver('were considered insufficient', 'were considered inadequate');
    const { chapter, result } = await importInto(source, editDocx(docx, applyEdits(tracked, untracked)), { pending: true });
    // What was edited without tracking is applied; what is tracked is not.
    expect(changedLines(sample, chapter).map((line) => line.slice(0, 30))).toEqual(['Until the 1990s, the personnel']);
    expect(chapter).toContain('characterized by strong sectionalism');
    const strong = lineColumnOf(chapter, 'strong sectionalism');
    const both = lineColumnOf(chapter, ' Both have yet');
    expect(result.trackedChanges).toEqual([
      { file: expect.stringContaining(chapterFile) as string, ...strong, text: 'tracked deletion "strong sectionalism" by Jane Editor (2026-11-30): not applied (--pending)' },
      { file: expect.stringContaining(chapterFile) as string, line: strong.line, column: strong.column + 'strong sectionalism'.length, text: 'tracked insertion "marked sectionalism" by Jane Editor (2026-11-30): not applied (--pending)' },
      { file: expect.stringContaining(chapterFile) as string, ...both, text: 'tracked deletion "Both have yet to be fully implemented." by Jane Editor (2026-11-30): not applied (--pending)' },
    ]);
  });

  it('a tracked move takes the words from one place to the other', async () => {
    const sentence = 'For that reason, competitive policy initiatives by different ministries are common.';
    const move = (xml: string): string => {
      // Word writes the source of a move as w:moveFrom (deleted text) and its target as w:moveTo.
      const paragraph = paragraphWith(xml, sentence);
      const moveTo = `<w:moveTo w:id="301" w:author="Jane Editor" w:date="2026-11-30T09:15:00Z"><w:r><w:t xml:space="preserve">${sentence} </w:t></w:r></w:moveTo>`;
      const moveFrom = `<w:moveFrom w:id="302" w:author="Jane Editor" w:date="2026-11-30T09:15:00Z"><w:r><w:delText xml:space="preserve"> ${sentence}</w:delText></w:r></w:moveFrom>`;
      const sourceParagraph = paragraph.xml.replace(` ${sentence}</w:t></w:r>`, `</w:t></w:r>${moveFrom}`);
      const moved = xml.slice(0, paragraph.start) + sourceParagraph + xml.slice(paragraph.end);
      const targetParagraph = paragraphWith(moved, 'Cabinet meetings have traditionally');
      const withTarget = targetParagraph.xml.replace(/(<w:pPr>.*?<\/w:pPr>(?:<w:bookmarkStart[^>]*\/><w:bookmarkEnd[^>]*\/>)?)/, `$1${moveTo}`);
      return moved.slice(0, targetParagraph.start) + withTarget + moved.slice(targetParagraph.end);
    };
    const { chapter, diagnostics } = await importInto(source, editDocx(docx, move));
    expect(diagnostics).toEqual([]);
    expect(chapter).toContain('conducted on an informal level.\n\nFor that reason, competitive policy initiatives by different ministries are common. Cabinet meetings have traditionally');
  });

  it('a deleted paragraph mark joins two paragraphs into one', async () => {
    const join = (xml: string): string => {
      const first = paragraphWith(xml, 'Cabinet meetings have traditionally');
      const marked = first.xml.replace(/<w:pPr>(.*?)<\/w:pPr>/, '<w:pPr>$1<w:rPr><w:del w:id="401" w:author="Jane Editor" w:date="2026-11-30T09:15:00Z"/></w:rPr></w:pPr>');
      return xml.slice(0, first.start) + marked + xml.slice(first.end);
    };
    const { chapter, result } = await importInto(source, editDocx(docx, join));
    // Word joins them as they are, with no space between: so does the Markdown.
    expect(chapter).toContain('by the Cabinet Secretariat (*Kantei*) in a top-down manner.Digitalization of government services has been ongoing');
    expect(result.trackedChanges.map((change) => change.text)).toEqual(['tracked paragraph break deleted by Jane Editor (2026-11-30): applied']);
  });
});

describe('protected content', () => {
  it('is reported at its place in the codebook, references.yaml or the chapter, and not applied', async () => {
    const edited = editDocx(
      docx,
      applyEdits(
        typeOver('Largely functional coordination mechanisms between line ministries', 'Mostly functional coordination mechanisms between line ministries'),
        (xml) => xml.replace('>8 / 10<', '>9 / 10<'),
        typeOver('From a Clerk Room to Government Headquarters', 'From a Clerk’s Room to Government Headquarters'),
        typeOver('(Yashiro 2016)', '(Yashiro 2017)'),
      ),
    );
    const { chapter, diagnostics, result } = await importInto(source, edited);
    expect(result.changed).toEqual([]);
    expect(chapter).toBe(sample);
    const codebook = await readFile(path.join(source, 'codebook.yaml'), 'utf8');
    const references = await readFile(path.join(source, 'references.yaml'), 'utf8');
    // The band's place: its range, above the words.
    const band = lineColumnOf(codebook, '[8, 6]');
    const makihara = lineColumnOf(references, 'makihara2009');
    const yashiro = lineColumnOf(references, 'yashiro2016');
    const score = lineColumnOf(sample, 'score=8');
    const found = diagnostics.map((diagnostic) => ({ file: path.basename(diagnostic.file ?? ''), line: diagnostic.line, column: diagnostic.column, ruleId: diagnostic.ruleId, severity: diagnostic.severity }));
    expect(found).toEqual(
      expect.arrayContaining([
        { file: 'codebook.yaml', ...band, ruleId: 'import-protected-edit', severity: 'warning' },
        { file: 'coordination.md', ...score, ruleId: 'import-protected-edit', severity: 'warning' },
        { file: 'references.yaml', ...yashiro, ruleId: 'import-protected-edit', severity: 'warning' },
        { file: 'references.yaml', ...makihara, ruleId: 'import-protected-edit', severity: 'warning' },
      ]),
    );
    expect(found).toHaveLength(4);
    expect(diagnostics.find((diagnostic) => diagnostic.file?.endsWith('codebook.yaml'))?.message).toContain('The rubric band 8–6 of `go-pmo-coordination` was changed in the DOCX');
  });

  it('the imprint’s lines edited in the DOCX are reported where edition.yaml gives them, and not applied', async () => {
    const edited = editDocx(docx, applyEdits(typeOver('Anna Lindqvist, Markus Brandt', 'Anna Lindquist, Markus Brandt'), typeOver('© 2024 Bertelsmann Stiftung', '© 2025 Bertelsmann Stiftung')));
    const { chapter, diagnostics, result } = await importInto(source, edited);
    expect(result.changed).toEqual([]);
    expect(chapter).toBe(sample);
    const edition = await readFile(path.join(source, 'edition.yaml'), 'utf8');
    const found = diagnostics.map((diagnostic) => ({ file: path.basename(diagnostic.file ?? ''), line: diagnostic.line, ruleId: diagnostic.ruleId }));
    expect(found).toEqual([
      { file: 'edition.yaml', line: lineColumnOf(edition, '  - Anna Lindqvist').line, ruleId: 'import-protected-edit' },
      { file: 'edition.yaml', line: lineColumnOf(edition, 'copyright: ').line, ruleId: 'import-protected-edit' },
    ]);
    expect(diagnostics[0]?.message).toContain('The imprint’s “Editors” was changed in the DOCX');
  });

  it('an indicator and a question edited in the DOCX are reported at their lines in codebook.yaml, and not applied', async () => {
    const edited = editDocx(
      docx,
      applyEdits(
        // The heading, and its line in the contents (which the import skips: Word rebuilds it).
        (xml) => xml.split('Effective Coordination Mechanisms of the GO|PMO').join('Effective Coordination of the GO|PMO'),
        typeOver('effectively enhance policy coherence?', 'enhance policy coherence?'),
      ),
    );
    const { chapter, diagnostics, result } = await importInto(source, edited);
    expect(result.changed).toEqual([]);
    expect(chapter).toBe(sample);
    const codebook = await readFile(path.join(source, 'codebook.yaml'), 'utf8');
    const found = diagnostics.map((diagnostic) => ({ file: path.basename(diagnostic.file ?? ''), line: diagnostic.line, ruleId: diagnostic.ruleId }));
    expect(found).toEqual([
      { file: 'codebook.yaml', line: lineColumnOf(codebook, 'indicator: "Effective Coordination Mechanisms of the GO|PMO"').line, ruleId: 'import-protected-edit' },
      { file: 'codebook.yaml', line: lineColumnOf(codebook, 'text: To what extent do established coordination mechanisms').line, ruleId: 'import-protected-edit' },
    ]);
  });

  it('an entry deleted from a question’s citations deletes its key there; a citation moved in the text moves its [@key]', async () => {
    const edited = editDocx(
      docx,
      applyEdits(
        deleteParagraph('The Cabinet Law'),
        typeOver('and regulatory reform ', 'and regulatory reform'),
        typeOver('(Yashiro 2016)', ''),
        typeOver('can still be considered high.', 'can still be considered high (Yashiro 2016).'),
      ),
    );
    const { chapter, diagnostics } = await importInto(source, edited);
    expect(diagnostics).toEqual([]);
    expect(chapter).toContain('::citations[@makihara2009; @zakowski2021]');
    expect(chapter).toContain('compete for best practices and regulatory reform. However,');
    expect(chapter).toContain('can still be considered high [@yashiro2016].');
  });
});

describe('a chapter changed since the DOCX was built', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await changedSource({ [chapterFile]: (text) => text.replace('Japanese ministries are staffed by career professionals', 'Japanese ministries are staffed by career civil servants').replace('were considered insufficient', 'were considered lacking') });
  });
  afterAll(async () => {
    await removeFolder(folder);
  });
  const edited = () => editDocx(docx, applyEdits(typeOver('Digitalization of government services has enhanced', 'Digitalization of public services has enhanced'), typeOver('were considered insufficient', 'were considered inadequate')));

  it('is refused without --force, at the chapter', async () => {
    const { result, diagnostics } = await importInto(folder, edited());
    expect(result.ok).toBe(false);
    expect(result.changed).toEqual([]);
    expect(diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.line, diagnostic.column])).toEqual([['import-source-changed', 1, 1]]);
  });

  it('with --force, is merged three ways: the edit where only the DOCX changed is applied, the one where both did is a conflict', async () => {
    const { result, diagnostics, chapter } = await importInto(folder, edited(), { force: true });
    expect(result.ok).toBe(true);
    expect(chapter).toContain('staffed by career civil servants');
    expect(chapter).toContain('Digitalization of public services has enhanced');
    expect(chapter).toContain('were considered lacking');
    expect(diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.line])).toEqual([['import-conflict', lineColumnOf(chapter, 'were considered lacking').line]]);
  });
});

describe('text with no place in the source', () => {
  it('added between a question’s score and its question is reported near it, and not applied', async () => {
    const edited = editDocx(docx, newParagraphAfter('>5 / 10<', wordRun('An aside between the score and the question.'), 'Score'));
    const { chapter, diagnostics, result } = await importInto(source, edited);
    expect(result.changed).toEqual([]);
    expect(chapter).toBe(sample);
    expect(diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['import-unplaced-text']);
    expect(diagnostics[0]?.message).toContain('"An aside between the score and the question."');
  });

  it('a DOCX of a chapter the source folder no longer has is refused', async () => {
    const moved = await changedSource({ [chapterFile]: null, 'chapters/japan/coordination-2024.md': sample });
    try {
      const direct = await importDocx({ docx, docxPath: 'edited.docx', sourceDir: moved, templatesDir, pending: false, force: false });
      expect(diagnosticsAsJson(direct.files).map((diagnostic) => diagnostic.ruleId)).toEqual(['import-chapter-missing']);
      expect(direct.ok).toBe(false);
    } finally {
      await removeFolder(moved);
    }
  });
});

describe('files that are not a rubricpress DOCX', () => {
  it('a DOCX without round-trip data, and a file that is no DOCX, are refused with a rule each', async () => {
    const stripped = unzipSync(docx);
    delete stripped['docProps/custom.xml'];
    const { zipSync } = await import('fflate');
    const foreign = await importInto(source, zipSync(stripped));
    expect(foreign.diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['import-not-rubricpress']);
    const garbage = await importInto(source, new TextEncoder().encode('not a zip'));
    expect(garbage.diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['import-unreadable']);
    const cut = unzipSync(docx);
    const custom = strFromU8(cut['docProps/custom.xml'] ?? new Uint8Array());
    cut['docProps/custom.xml'] = new TextEncoder().encode(custom.replace(/(name="rubricpress\.chapter\.1\.text\.3"><vt:lpwstr>)[^<]{10}/, '$1'));
    const damaged = await importInto(source, zipSync(cut));
    expect(damaged.diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['import-damaged']);
    // More chapters than an edition may have: refused before any text is inflated (each could be a deflate bomb).
    const many = unzipSync(docx);
    many['docProps/custom.xml'] = new TextEncoder().encode(custom.replace(/(name="rubricpress\.chapters"><vt:lpwstr>)\d+/, '$110001'));
    const tooMany = await importInto(source, zipSync(many));
    expect(tooMany.diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.message.includes('10001 chapters')])).toEqual([['import-damaged', true]]);
  });

  it('a zip bomb (a document.xml of 65 MB packed into well under 1 MB) is refused by its declared size, before it is unpacked', async () => {
    const { zipSync } = await import('fflate');
    const parts = unzipSync(docx);
    parts['word/document.xml'] = new Uint8Array(65_000_000).fill(32);
    const bomb = zipSync(parts, { level: 1 });
    expect(bomb.byteLength).toBeLessThan(1_000_000);
    const { diagnostics } = await importInto(source, bomb);
    expect(diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.message.includes('word/document.xml unpacks to 65000000 bytes')])).toEqual([['import-unreadable', true]]);
  });
});

async function writeTemporary(bytes: Uint8Array): Promise<string> {
  const { writeFile } = await import('node:fs/promises');
  const target = path.join(source, 'out.docx');
  await writeFile(target, bytes);
  return target;
}
