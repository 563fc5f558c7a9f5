/**
 * The DOCX edition's Word styles, made from the theme: named as Word names its built-in styles where
 * one fits (Title, Heading 1–3, Body Text, Quote, caption, Bibliography, toc 1, header, footer,
 * Hyperlink), so editors find them where they expect, and a few of our own (Indicator, Score, Rubric
 * Table, Selected Band, …). Documents use styles only; direct formatting is left to what a style
 * can't say (the shading of the selected band's cells).
 *
 * The rubric table style is a real table style (`w:style w:type="table"`) in styles.xml, so editing
 * it restyles every rubric table. The docx package has no option for table styles; it takes them
 * from `externalStyles`, a styles part of ours holding just that style, and merges its own default
 * styles and ours below around it.
 */
import { AlignmentType, BorderStyle, LineRuleType, type IParagraphStyleOptions, type ICharacterStyleOptions, type IStylesOptions } from 'docx';
import { titleColour, type Theme } from '../../theme/theme.js';
import { StyleId } from '../../vocabulary/docx.js';
import { eighthPoints, halfPoints, hex, lineSpacing, twips, xmlEscape } from './units.js';

/** Space above the title page's first line, in points: print's title page starts as low. */
const titlePageTop = 140;
/** The space above an imprint (a chapter's, under the title block; a book's, on its page), in points, as print has it. */
const imprintGap = 96;

/** Word has no monospaced font in the theme; code uses the one every Word and LibreOffice install has. */
const monospace = 'Courier New';

export interface DocxStyles {
  /** The `styles` option of docx's Document. */
  readonly styles: IStylesOptions;
  /** A styles part holding the rubric table style, for docx's `externalStyles`. */
  readonly externalStyles: string;
}

const stylesNamespaces =
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 w15"';

function fontsXml(family: string): string {
  const name = xmlEscape(family);
  return `<w:rFonts w:ascii="${name}" w:hAnsi="${name}" w:eastAsia="${name}" w:cs="${name}"/>`;
}

function borderXml(side: string, colour: string, points: number): string {
  return `<w:${side} w:val="single" w:sz="${eighthPoints(points)}" w:space="0" w:color="${hex(colour)}"/>`;
}

/**
 * The Rubric Table style: ruled cells, padding, smaller text; its header row (Word's "first row")
 * in the heading font on the surface colour, repeated on every page; its first column (the score
 * ranges) in the heading font.
 */
function rubricTableStyleXml(theme: Theme): string {
  const { colours, fonts, sizes } = theme;
  const rule = (side: string) => borderXml(side, colours.rule, 0.75);
  const padding = `<w:tblCellMar><w:top w:w="${twips(3)}" w:type="dxa"/><w:left w:w="${twips(6)}" w:type="dxa"/><w:bottom w:w="${twips(3)}" w:type="dxa"/><w:right w:w="${twips(6)}" w:type="dxa"/></w:tblCellMar>`;
  const small = halfPoints(sizes.small);
  return [
    `<w:style w:type="table" w:customStyle="1" w:styleId="${StyleId.rubricTable}">`,
    '<w:name w:val="Rubric Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>',
    `<w:pPr><w:spacing w:before="0" w:after="0" w:line="${lineSpacing(1.3)}" w:lineRule="auto"/></w:pPr>`,
    `<w:rPr><w:sz w:val="${small}"/><w:szCs w:val="${small}"/></w:rPr>`,
    `<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblStyleColBandSize w:val="1"/><w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(rule).join('')}</w:tblBorders>${padding}</w:tblPr>`,
    '<w:trPr><w:cantSplit/></w:trPr>',
    '<w:tblStylePr w:type="firstRow">',
    `<w:pPr><w:keepNext/></w:pPr><w:rPr>${fontsXml(fonts.heading.family)}<w:b/><w:bCs/></w:rPr>`,
    '<w:tblPr/><w:trPr><w:tblHeader/></w:trPr>',
    `<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="${hex(colours.surface)}"/></w:tcPr>`,
    '</w:tblStylePr>',
    `<w:tblStylePr w:type="firstCol"><w:rPr>${fontsXml(fonts.heading.family)}<w:b/><w:bCs/></w:rPr></w:tblStylePr>`,
    '</w:style>',
    // The edition volume's tables of data look like the rubric's, under a name of their own.
    `<w:style w:type="table" w:customStyle="1" w:styleId="${StyleId.dataTable}"><w:name w:val="Data Table"/><w:basedOn w:val="${StyleId.rubricTable}"/><w:uiPriority w:val="59"/><w:qFormat/></w:style>`,
  ].join('');
}

function paragraphStyles(theme: Theme): IParagraphStyleOptions[] {
  const { colours, fonts, sizes, spacing } = theme;
  const heading = fonts.heading.family;
  const rule = { style: BorderStyle.SINGLE, color: hex(colours.rule), size: eighthPoints(0.75) };
  const headingStyle = (id: string, name: string, outlineLevel: number, size: number, colour: string): IParagraphStyleOptions => ({
    id,
    name,
    basedOn: 'Normal',
    next: StyleId.bodyText,
    quickFormat: true,
    uiPriority: 9,
    run: { font: heading, size: halfPoints(size), bold: true, color: hex(colour) },
    paragraph: { keepNext: true, keepLines: true, outlineLevel, spacing: { before: twips(spacing.section), after: twips(spacing.paragraph), line: lineSpacing(1.2), lineRule: LineRuleType.AUTO } },
  });
  return [
    {
      id: StyleId.title,
      name: 'Title',
      basedOn: 'Normal',
      next: StyleId.rank,
      quickFormat: true,
      uiPriority: 10,
      run: { font: heading, size: halfPoints(sizes.title), bold: true, color: hex(titleColour(theme)) },
      paragraph: { keepNext: true, spacing: { before: 0, after: twips(spacing.paragraph), line: lineSpacing(1.1), lineRule: LineRuleType.AUTO } },
    },
    {
      id: StyleId.subtitle,
      name: 'Subtitle',
      basedOn: 'Normal',
      next: StyleId.imprint,
      quickFormat: true,
      uiPriority: 11,
      run: { font: heading, size: halfPoints(sizes.heading2), color: hex(colours.muted) },
      paragraph: { keepNext: true, spacing: { before: 0, after: twips(spacing.block) } },
    },
    {
      // A book's chapter opens on a new page with its title: level 1 of the book's outline.
      id: StyleId.chapterTitle,
      name: 'Chapter Title',
      basedOn: StyleId.title,
      next: StyleId.rank,
      quickFormat: true,
      uiPriority: 10,
      run: { font: heading, size: halfPoints(sizes.heading1 * 1.4), bold: true, color: hex(titleColour(theme)) },
      // Each chapter is a section of its own, which starts a new page (render.ts).
      paragraph: { keepNext: true, outlineLevel: 0, spacing: { before: 0, after: twips(spacing.paragraph), line: lineSpacing(1.1), lineRule: LineRuleType.AUTO } },
    },
    {
      id: StyleId.edition,
      name: 'Edition',
      basedOn: 'Normal',
      next: StyleId.title,
      quickFormat: true,
      run: { font: heading, size: halfPoints(sizes.small), color: hex(colours.muted), characterSpacing: 10 },
      // The title page's first line, as low on its page as in print.
      paragraph: { keepNext: true, spacing: { before: twips(titlePageTop), after: twips(spacing.paragraph / 2) } },
    },
    {
      id: StyleId.imprint,
      name: 'Imprint',
      basedOn: StyleId.edition,
      quickFormat: true,
      paragraph: { keepNext: false, spacing: { before: twips(spacing.block), after: 0 } },
    },
    {
      id: StyleId.imprintDetail,
      name: 'Imprint Detail',
      basedOn: 'Normal',
      next: StyleId.imprintDetail,
      quickFormat: true,
      // The values in the body font, their labels (Imprint Label) in the heading font, as print sets them.
      run: { size: halfPoints(sizes.small), color: hex(colours.text) },
      paragraph: { keepNext: true, keepLines: true, spacing: { before: 0, after: twips(2), line: lineSpacing(1.35), lineRule: LineRuleType.AUTO } },
    },
    {
      id: StyleId.imprintOpening,
      name: 'Imprint Opening',
      basedOn: StyleId.imprintDetail,
      next: StyleId.imprintDetail,
      quickFormat: true,
      paragraph: { spacing: { before: twips(imprintGap) }, border: { top: { style: BorderStyle.SINGLE, color: hex(colours.rule), size: eighthPoints(0.5), space: 6 } } },
    },
    {
      id: StyleId.imprintCitationLabel,
      name: 'Imprint Citation Label',
      basedOn: StyleId.imprintDetail,
      next: StyleId.imprintCitation,
      quickFormat: true,
      paragraph: { spacing: { before: twips(spacing.paragraph) } },
    },
    {
      id: StyleId.imprintCitation,
      name: 'Imprint Citation',
      basedOn: 'Normal',
      quickFormat: true,
      run: { size: halfPoints(sizes.small), color: hex(colours.text) },
      paragraph: { keepLines: true, spacing: { before: 0, after: twips(2), line: lineSpacing(1.35), lineRule: LineRuleType.AUTO } },
    },
    {
      id: StyleId.rank,
      name: 'Rank',
      basedOn: 'Normal',
      next: StyleId.bodyText,
      quickFormat: true,
      run: { font: heading, bold: true, color: hex(colours.accent) },
      paragraph: { keepNext: true, spacing: { after: twips(spacing.block) } },
    },
    headingStyle(StyleId.heading1, 'Heading 1', 0, sizes.heading1, colours.accent),
    headingStyle(StyleId.heading2, 'Heading 2', 1, sizes.heading2, colours.text),
    {
      ...headingStyle(StyleId.heading3, 'Heading 3', 2, sizes.heading4, colours.muted),
      run: { font: heading, size: halfPoints(sizes.heading4), bold: true, characterSpacing: 10, color: hex(colours.muted) },
      paragraph: { keepNext: true, keepLines: true, outlineLevel: 2, spacing: { before: twips(spacing.block), after: twips(spacing.paragraph / 2) } },
    },
    {
      id: StyleId.indicator,
      name: 'Indicator',
      basedOn: StyleId.heading2,
      next: StyleId.score,
      quickFormat: true,
      uiPriority: 9,
      run: { font: heading, size: halfPoints(sizes.heading2), bold: true, color: hex(colours.text) },
      paragraph: {
        keepNext: true,
        keepLines: true,
        outlineLevel: 1,
        border: { top: { ...rule, space: 10 } },
        spacing: { before: twips(spacing.section * 1.5), after: twips(spacing.paragraph / 2), line: lineSpacing(1.2), lineRule: LineRuleType.AUTO },
      },
    },
    {
      id: StyleId.score,
      name: 'Score',
      basedOn: 'Normal',
      next: StyleId.questionText,
      quickFormat: true,
      run: { font: heading, size: halfPoints(sizes.small), bold: true, characterSpacing: 10, color: hex(colours.muted) },
      paragraph: { keepNext: true, keepLines: true, spacing: { before: 0, after: twips(spacing.paragraph / 2), line: lineSpacing(1), lineRule: LineRuleType.AUTO } },
    },
    {
      id: StyleId.questionText,
      name: 'Question Text',
      basedOn: 'Normal',
      next: StyleId.bodyText,
      quickFormat: true,
      run: { italics: true, color: hex(colours.muted) },
      paragraph: { keepNext: true, keepLines: true, spacing: { after: twips(spacing.block) } },
    },
    { id: StyleId.bodyText, name: 'Body Text', basedOn: 'Normal', quickFormat: true, uiPriority: 1 },
    // An assessment's first paragraph, after the rubric table: Word has no space after a table.
    { id: StyleId.firstParagraph, name: 'First Paragraph', basedOn: StyleId.bodyText, next: StyleId.bodyText, quickFormat: true, paragraph: { spacing: { before: twips(spacing.block) } } },
    {
      id: StyleId.keyFinding,
      name: 'Key Finding',
      basedOn: StyleId.bodyText,
      quickFormat: true,
      paragraph: {
        indent: { left: twips(spacing.block) },
        border: { left: { style: BorderStyle.SINGLE, color: hex(colours.accent), size: eighthPoints(3), space: 8 } },
      },
    },
    {
      id: StyleId.quote,
      name: 'Quote',
      basedOn: StyleId.bodyText,
      next: StyleId.bodyText,
      quickFormat: true,
      uiPriority: 29,
      run: { color: hex(colours.muted) },
      paragraph: { indent: { left: twips(spacing.block * 2), right: twips(spacing.block) }, border: { left: { ...rule, size: eighthPoints(2.25), space: 8 } } },
    },
    {
      id: StyleId.sourceCode,
      name: 'Source Code',
      basedOn: 'Normal',
      run: { font: monospace, size: halfPoints(sizes.small) },
      paragraph: {
        alignment: AlignmentType.LEFT,
        shading: { fill: hex(colours.surface), color: 'auto', type: 'clear' },
        spacing: { before: twips(spacing.paragraph), after: twips(spacing.block), line: lineSpacing(1.15), lineRule: LineRuleType.AUTO },
      },
    },
    { id: StyleId.listParagraph, name: 'List Paragraph', basedOn: StyleId.bodyText, quickFormat: true, uiPriority: 34, paragraph: { contextualSpacing: true, spacing: { after: twips(spacing.paragraph / 2) } } },
    {
      id: StyleId.caption,
      name: 'caption',
      basedOn: 'Normal',
      next: StyleId.bodyText,
      quickFormat: true,
      uiPriority: 35,
      run: { font: heading, size: halfPoints(sizes.small * 0.9), bold: true, characterSpacing: 10, color: hex(colours.muted) },
      paragraph: { keepNext: true, spacing: { before: twips(spacing.block), after: twips(spacing.paragraph / 2) } },
    },
    {
      id: StyleId.chart,
      name: 'Chart',
      basedOn: 'Normal',
      next: StyleId.bodyText,
      paragraph: { alignment: AlignmentType.LEFT, spacing: { before: 0, after: twips(spacing.block) } },
    },
    {
      id: StyleId.bibliography,
      name: 'Bibliography',
      basedOn: 'Normal',
      next: StyleId.bibliography,
      uiPriority: 37,
      run: { size: halfPoints(sizes.small) },
      paragraph: {
        alignment: AlignmentType.LEFT,
        indent: { left: twips(sizes.body * 2), hanging: twips(sizes.body * 2) },
        spacing: { after: twips(spacing.paragraph * 0.6), line: lineSpacing(1.3), lineRule: LineRuleType.AUTO },
      },
    },
    {
      id: StyleId.header,
      name: 'header',
      basedOn: 'Normal',
      uiPriority: 99,
      run: { font: heading, size: halfPoints(sizes.small), color: hex(colours.muted) },
      paragraph: { spacing: { before: 0, after: 0 }, border: { bottom: { ...rule, space: 4 } } },
    },
    {
      id: StyleId.footer,
      name: 'footer',
      basedOn: 'Normal',
      uiPriority: 99,
      run: { font: heading, size: halfPoints(sizes.small), color: hex(colours.muted) },
      // Where the theme puts the page number, as print does.
      paragraph: { alignment: { left: AlignmentType.LEFT, centre: AlignmentType.CENTER, right: AlignmentType.RIGHT }[theme.look.pageNumber], spacing: { before: 0, after: 0 } },
    },
    {
      id: StyleId.tocHeading,
      name: 'TOC Heading',
      basedOn: StyleId.heading1,
      next: 'Normal',
      uiPriority: 39,
      quickFormat: true,
      // Level 9 is body text: the contents heading is not itself in the contents or the outline.
      paragraph: { outlineLevel: 9, spacing: { before: twips(spacing.block), after: twips(spacing.paragraph) } },
    },
    {
      id: StyleId.toc1,
      name: 'toc 1',
      basedOn: 'Normal',
      next: 'Normal',
      uiPriority: 39,
      run: { font: heading, bold: true },
      paragraph: { spacing: { before: twips(spacing.paragraph / 2), after: 0 } },
    },
    {
      id: StyleId.toc2,
      name: 'toc 2',
      basedOn: 'Normal',
      next: 'Normal',
      uiPriority: 39,
      paragraph: { indent: { left: twips(spacing.block) }, spacing: { before: 0, after: 0 } },
    },
    {
      id: StyleId.toc3,
      name: 'toc 3',
      basedOn: 'Normal',
      next: 'Normal',
      uiPriority: 39,
      paragraph: { indent: { left: twips(2 * spacing.block) }, spacing: { before: 0, after: 0 } },
    },
  ];
}

function characterStyles(theme: Theme): ICharacterStyleOptions[] {
  const { colours, fonts, sizes } = theme;
  return [
    { id: StyleId.scoreValue, name: 'Score Value', basedOn: 'DefaultParagraphFont', quickFormat: true, run: { font: fonts.heading.family, bold: true, size: halfPoints(sizes.score), color: hex(colours.accent) } },
    // "Question:" before a question's text, as the PDF prints it; upright in the italic paragraph.
    { id: StyleId.questionLabel, name: 'Question Label', basedOn: 'DefaultParagraphFont', quickFormat: true, run: { font: fonts.heading.family, bold: true, italics: false, size: halfPoints(sizes.small), color: hex(colours.muted) } },
    { id: StyleId.imprintLabel, name: 'Imprint Label', basedOn: 'DefaultParagraphFont', quickFormat: true, run: { font: fonts.heading.family, bold: true, color: hex(colours.muted) } },
    { id: StyleId.selectedBand, name: 'Selected Band', basedOn: 'DefaultParagraphFont', quickFormat: true, run: { font: fonts.heading.family, bold: true, color: hex(colours.text) } },
    { id: StyleId.verbatimChar, name: 'Verbatim Char', basedOn: 'DefaultParagraphFont', run: { font: monospace } },
    { id: StyleId.hyperlink, name: 'Hyperlink', basedOn: 'DefaultParagraphFont', uiPriority: 99, unhideWhenUsed: true, run: { color: hex(colours.link), underline: { type: 'single' } } },
    // The run style docx gives linked contents entries (LibreOffice's name for it); no look of its own.
    { id: StyleId.indexLink, name: 'Index Link', basedOn: 'DefaultParagraphFont' },
  ];
}

/** Every style of the DOCX edition, for one theme and one document language. */
export function createDocxStyles(theme: Theme, language: string): DocxStyles {
  const { colours, fonts, sizes, spacing } = theme;
  return {
    styles: {
      default: {
        document: {
          run: { font: fonts.body.family, size: halfPoints(sizes.body), color: hex(colours.text), language: { value: language } },
          paragraph: { spacing: { before: 0, after: twips(spacing.paragraph), line: lineSpacing(sizes.lineHeight), lineRule: LineRuleType.AUTO } },
        },
      },
      paragraphStyles: paragraphStyles(theme),
      characterStyles: characterStyles(theme),
    },
    externalStyles: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${stylesNamespaces}>${rubricTableStyleXml(theme)}</w:styles>`,
  };
}
