/**
 * The editors' round trip through a real word processor: LibreOffice (headless) opens the sample's
 * DOCX and an editor's edits are made by a Basic macro, through LibreOffice's own document API —
 * a word replaced, a new paragraph, a sentence deleted, a rubric band changed, a comment on a range,
 * then with "record changes" on, a tracked insertion and a tracked deletion by "Jane Editor" — and
 * saved as Word 2007 XML. The file is imported, the source rebuilt in all three editions with the
 * agreement check, and the edits are found in each. The DOCX LibreOffice saves without edits
 * imports as no change at all. Run with `npm run test:clients`.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, changedSource, lineColumnOf, removeFolder, temporaryFolder } from '../support/build.js';
import { requireProgram } from '../support/clients.js';
import { find, readDocx, textOf } from '../support/docx.js';
import { readPdf } from '../support/pdf.js';
import { runCli } from '../support/cli.js';
import { importInto } from '../support/word.js';

const run = promisify(execFile);
const chapterFile = 'chapters/japan/coordination.md';

/**
 * The editor's edits, as a LibreOffice Basic macro. The document is opened visible (headless, so
 * nothing shows): LibreOffice 7.4 ends with an uncaught exception when a comment is given an author
 * in a hidden document. Each step is logged, so that a failure says where.
 */
const macro = `
Sub Say(logPath As String, what As String)
  Dim n As Integer
  n = FreeFile
  Open logPath For Append As #n
  Print #n, what
  Close #n
End Sub

Function Located(doc As Object, what As String) As Object
  Dim descriptor As Object
  descriptor = doc.createSearchDescriptor()
  descriptor.SearchString = what
  descriptor.SearchCaseSensitive = True
  Located = doc.findFirst(descriptor)
End Function

Sub SetAuthor(given As String, family As String)
  Dim provider As Object, settings As Object
  Dim args(0) As New com.sun.star.beans.PropertyValue
  provider = createUnoService("com.sun.star.configuration.ConfigurationProvider")
  args(0).Name = "nodepath"
  args(0).Value = "/org.openoffice.UserProfile/Data"
  settings = provider.createInstanceWithArguments("com.sun.star.configuration.ConfigurationUpdateAccess", args())
  settings.givenname = given
  settings.sn = family
  settings.commitChanges()
End Sub

Sub Edit(inUrl As String, outUrl As String, logPath As String)
  On Error GoTo Failed
  Dim props(0) As New com.sun.star.beans.PropertyValue
  Dim doc As Object, found As Object, cursor As Object, body As Object, replace As Object, note As Object
  props(0).Name = "Hidden"
  props(0).Value = False
  SetAuthor "Jane", "Editor"
  doc = StarDesktop.loadComponentFromURL(inUrl, "_blank", 0, props())
  Say logPath, "loaded"
  replace = doc.createReplaceDescriptor()
  replace.SearchString = "considered insufficient"
  replace.ReplaceString = "considered inadequate"
  doc.replaceAll(replace)
  found = Located(doc, " Local governments in Japan have limited financial autonomy.")
  found.setString("")
  found = Located(doc, "in the category of coordination.")
  body = found.getText()
  cursor = body.createTextCursorByRange(found.getEnd())
  body.insertControlCharacter(cursor, com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK, False)
  body.insertString(cursor, "A new finding, added in LibreOffice.", False)
  found = Located(doc, "Largely functional coordination mechanisms between line ministries")
  found.setString("Mostly functional coordination mechanisms between line ministries")
  Say logPath, "edited"
  found = Located(doc, "With a staff of more than 1,000")
  note = doc.createInstance("com.sun.star.text.TextField.Annotation")
  note.Author = "Jane Editor"
  note.Content = "Is this figure from 2023?"
  found.getText().insertTextContent(found, note, True)
  Say logPath, "commented"
  doc.RecordChanges = True
  found = Located(doc, "strong sectionalism")
  found.getText().insertString(found.getStart(), "very ", False)
  found = Located(doc, "greatly ")
  found.setString("")
  Say logPath, "tracked"
  Dim save(0) As New com.sun.star.beans.PropertyValue
  save(0).Name = "FilterName"
  save(0).Value = "MS Word 2007 XML"
  doc.storeToURL(outUrl, save())
  doc.close(True)
  Say logPath, "saved"
  StarDesktop.terminate()
  Exit Sub
Failed:
  Say logPath, "error " & Err & " at line " & Erl & ": " & Error$
  StarDesktop.terminate()
End Sub
`;

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

let folder: string;
let source: string;
let resaved: Uint8Array;
let edited: Uint8Array;
let original: string;

beforeAll(async () => {
  requireProgram('soffice', 'libreoffice-writer-nogui');
  folder = await temporaryFolder();
  source = await changedSource({});
  original = await readFile(path.join(source, chapterFile), 'utf8');
  const built = await buildInto(path.join(folder, 'out'), { sourceDir: source, formats: ['docx'] });
  expect(built.result.ok).toBe(true);
  const docx = path.join(folder, 'out/docx/japan/coordination.docx');
  const profile = path.join(folder, 'profile');
  const soffice = (args: readonly string[]) => run('soffice', [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', ...args], { timeout: 150_000 });
  // Opened and saved again without an edit (this also makes the profile the macro goes into).
  await soffice(['--convert-to', 'docx:MS Word 2007 XML', '--outdir', path.join(folder, 'resaved'), docx]);
  resaved = new Uint8Array(await readFile(path.join(folder, 'resaved/coordination.docx')));
  const module = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">${xmlEscape(macro)}</script:module>`;
  await mkdir(path.join(profile, 'user/basic/Standard'), { recursive: true });
  await writeFile(path.join(profile, 'user/basic/Standard/Module1.xba'), module);
  const log = path.join(folder, 'macro.log');
  const target = path.join(folder, 'edited.docx');
  await soffice([`macro:///Standard.Module1.Edit("${pathToFileURL(docx).href}","${pathToFileURL(target).href}","${log}")`]);
  const steps = await readFile(log, 'utf8').catch(() => 'no log');
  expect(steps.trim().split('\n')).toEqual(['loaded', 'edited', 'commented', 'tracked', 'saved']);
  edited = new Uint8Array(await readFile(target));
}, 400_000);
afterAll(async () => {
  if (folder) await removeFolder(folder);
  if (source) await removeFolder(source);
});

describe('a DOCX edited in LibreOffice', () => {
  it('saved again without an edit, imports as no change at all', async () => {
    const { result, chapter, diagnostics } = await importInto(source, resaved);
    expect(diagnostics).toEqual([]);
    expect(result.changed).toEqual([]);
    expect(chapter).toBe(original);
  });

  it('brings its edits into the Markdown, accepts its tracked changes, lists its comment and reports the band edit at the codebook', async () => {
    const { result, chapter, diagnostics } = await importInto(source, edited);
    expect(chapter).toContain('were considered inadequate, which was redressed');
    expect(chapter).toContain('in the category of coordination.\n\nA new finding, added in LibreOffice.\n\nThe well-staffed');
    expect(chapter).toContain('has enhanced service uniformity.\n:::');
    expect(chapter).toContain('characterized by very strong sectionalism');
    expect(chapter).toContain('since 2001 have increased the coordination');
    expect(result.trackedChanges.map((change) => change.text)).toEqual([
      expect.stringMatching(/^tracked deletion "greatly" by Jane Editor( \(\d{4}-\d\d-\d\d\))?: applied$/),
      expect.stringMatching(/^tracked insertion "very" by Jane Editor( \(\d{4}-\d\d-\d\d\))?: applied$/),
    ]);
    expect(result.comments).toEqual([{ file: expect.stringContaining(chapterFile) as string, ...lineColumnOf(chapter, 'With a staff of more than 1,000'), text: 'comment by Jane Editor: Is this figure from 2023? [on "With a staff of more than 1,000"]' }]);
    const codebook = await readFile(path.join(source, 'codebook.yaml'), 'utf8');
    expect(diagnostics.map((diagnostic) => [path.basename(diagnostic.file ?? ''), diagnostic.line, diagnostic.column, diagnostic.ruleId])).toEqual([['codebook.yaml', ...Object.values(lineColumnOf(codebook, '[8, 6]')), 'import-protected-edit']]);
    expect(codebook).toContain('Largely functional coordination mechanisms between line ministries');
  });

  it('with --pending, applies its edits but not its tracked changes, and lists those with their author and place', async () => {
    const { chapter, result } = await importInto(source, edited, { pending: true });
    expect(chapter).toContain('were considered inadequate');
    expect(chapter).toContain('characterized by strong sectionalism');
    expect(chapter).toContain('since 2001 have greatly increased');
    const greatly = lineColumnOf(chapter, 'greatly increased');
    const strong = lineColumnOf(chapter, 'strong sectionalism');
    expect(result.trackedChanges.map(({ line, column, text }) => ({ line, column, text: text.replace(/ \(\d{4}-\d\d-\d\d\)/, '') }))).toEqual([
      { ...greatly, text: 'tracked deletion "greatly" by Jane Editor: not applied (--pending)' },
      { ...strong, text: 'tracked insertion "very" by Jane Editor: not applied (--pending)' },
    ]);
  });

  it('saved over the file in out/: the build keeps it aside, import brings it in, the next build has the edits in all three editions and verify agrees', async () => {
    const rebuilt = await changedSource({});
    const out = await temporaryFolder();
    const shown = (file: string): string => path.relative(process.cwd(), file);
    try {
      const build = ['build', rebuilt, '--out', out, '--format', 'html,pdf,docx', '--jobs', '1'];
      expect((await runCli(build)).code).toBe(0);
      // The editor saves over the file they were sent.
      await writeFile(path.join(out, 'docx/japan/coordination.docx'), edited);
      const keptAside = await runCli(build);
      expect(keptAside.code).toBe(0);
      const kept = path.join(out, 'docx/japan/coordination.edited.docx');
      expect(keptAside.stderr).toContain(`it is kept as ${shown(kept)}. Bring its edits into the source with: rubricpress import ${shown(kept)} ${shown(rebuilt)}`);
      expect(new Uint8Array(await readFile(kept))).toEqual(edited);
      const imported = await runCli(['import', kept, rebuilt]);
      expect(imported.code).toBe(0);
      expect(imported.stderr).toContain(`imported the edits of ${shown(kept)} into`);
      expect((await runCli(build)).code).toBe(0);
      const html = (await readFile(path.join(out, 'html/japan/coordination.html'), 'utf8')).replace(/\s+/g, ' ');
      const pdf = (await readPdf(path.join(out, 'pdf/japan/coordination.pdf'))).text;
      const word = find((await readDocx(path.join(out, 'docx/japan/coordination.docx'))).body, 'w:p').map(textOf).join('\n');
      for (const text of [html, pdf, word]) {
        expect(text).toContain('were considered inadequate');
        expect(text).toContain('A new finding, added in LibreOffice.');
        expect(text).toContain('very strong sectionalism');
        expect(text).not.toContain('Local governments in Japan have limited financial autonomy.');
        // The band's words come from the codebook, as they were.
        expect(text).toContain('Largely functional coordination mechanisms between line ministries');
      }
      // The agreement check over what is in out/ now, and the file kept aside is still there.
      expect((await runCli(['verify', rebuilt, '--out', out])).code).toBe(0);
      expect(new Uint8Array(await readFile(kept))).toEqual(edited);
    } finally {
      await removeFolder(rebuilt);
      await removeFolder(out);
    }
  });
});
