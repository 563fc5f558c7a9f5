/**
 * The built PDF, read back with pdfjs-dist as a viewer would, holds every fact of the user's seed
 * chapter in reading order, with a title page, a linked table of contents, bookmarks, running heads
 * and page numbers, and links for every URL.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, removeFolder, temporaryFolder } from '../../support/build.js';
import { firstMissingInOrder, readPdf, type PdfReadBack } from '../../support/pdf.js';
import { citationFacts, readSeed, seedQuestions } from '../../support/seed.js';

const seed = readSeed();
const questions = seedQuestions(seed);
let outDir: string;
let pdf: PdfReadBack;

beforeAll(async () => {
  outDir = await temporaryFolder();
  const built = await buildInto(outDir, { formats: ['pdf'] });
  expect(built.diagnostics).toEqual([]);
  expect(built.result.ok).toBe(true);
  pdf = await readPdf(path.join(outDir, 'pdf/japan/coordination.pdf'));
});
afterAll(() => removeFolder(outDir));

const bandRange = (scores: readonly number[]): string => {
  const high = Math.max(...scores);
  const low = Math.min(...scores);
  return high === low ? String(high) : `${high}–${low}`;
};

/** The sample's imprint, line by line: from source/edition.yaml, the citation in its house style. */
const sampleImprint = [
  'Authors Hiroko Saito, Daniel Hoffmann',
  'Editors Anna Lindqvist, Markus Brandt',
  'Assessment period November 1, 2021 – January 15, 2024',
  'Copyright © 2024 Bertelsmann Stiftung',
  'Licence Creative Commons Attribution 4.0 International (CC-BY-4.0)',
  'DOI https://doi.org/10.5555/sgi2024-japan-coordination',
  'Online https://www.sgi-network.org/2024/japan/coordination',
  'Suggested citation',
  'Saito, Hiroko, and Daniel Hoffmann. 2024. “Japan: Coordination.” In Sustainable Governance Indicators 2024, edited by Anna Lindqvist and Markus Brandt. Bertelsmann Stiftung. https://doi.org/10.5555/sgi2024-japan-coordination',
];

describe('the books’ imprint pages in PDF', () => {
  const editors = 'Editors Anna Lindqvist, Markus Brandt';
  const period = 'Assessment period November 1, 2021 – January 15, 2024';
  const rights = 'Copyright © 2024 Bertelsmann Stiftung Licence Creative Commons Attribution 4.0 International (CC-BY-4.0)';

  it('the country report’s: its authors, its own DOI, address (edition.yaml’s reportDoi, reportUrl) and ISBN, its citation; no running head or page number', async () => {
    const report = await readPdf(path.join(outDir, 'pdf/japan.pdf'));
    expect(report.pageTexts[1]).toBe(
      [
        'Authors Hiroko Saito, Daniel Hoffmann',
        editors,
        period,
        rights,
        'DOI https://doi.org/10.5555/sgi2024-japan',
        'Online https://www.sgi-network.org/2024/japan',
        'ISBN 978-3-86793-945-4',
        'Suggested citation',
        'Saito, Hiroko, and Daniel Hoffmann. 2024. “Japan: Country Report.” In Sustainable Governance Indicators 2024, edited by Anna Lindqvist and Markus Brandt. Bertelsmann Stiftung. https://doi.org/10.5555/sgi2024-japan',
      ].join(' '),
    );
    expect(report.artifactTexts[1]?.trim()).toBe('');
    // The pages after it are under the book's running head again.
    expect(report.artifactTexts[2]).toContain('Sustainable Governance Indicators 2024 · Japan');
  });

  it('the edition volume’s: the edition’s editors, DOI, address and ISBN, cited as the edited book', async () => {
    const volume = await readPdf(path.join(outDir, 'pdf/edition.pdf'));
    expect(volume.pageTexts[1]).toBe(
      [
        editors,
        period,
        rights,
        'DOI https://doi.org/10.5555/sgi2024',
        'Online https://www.sgi-network.org/2024/',
        'ISBN 978-3-86793-944-7',
        'Suggested citation',
        'Lindqvist, Anna, and Markus Brandt, eds. 2024. Sustainable Governance Indicators 2024. Bertelsmann Stiftung. https://doi.org/10.5555/sgi2024',
      ].join(' '),
    );
    expect(volume.artifactTexts[1]?.trim()).toBe('');
    // A partial edition's results say out of how many countries the ranks are.
    expect(volume.text).toContain('Ranks in Coordination, of 30 countries Country Coordination Quality of Horizontal Coordination Quality of Vertical Coordination Japan 16 24 6');
    // A question's ranks are among the countries scored: Japan's "1" beside its "Rank 16 of 30" says so.
    expect(volume.text).toContain('Effective Coordination Mechanisms of the GO|PMO: scores and ranks (1 of 30 countries scored) Country Score Rank Japan 8 / 10 1');
    // The list of reports: each report's files and its address (edition.yaml's reportDoi, as a link).
    expect(volume.text).toContain('Country Print (PDF) Word (DOCX) Address Japan japan.pdf japan.docx https://doi.org/10.5555/sgi2024-japan');
  });
});

describe('the Japan chapter in PDF', () => {
  it('opens with a title page: edition, country and category, rank out of the edition’s countries, the imprint and the suggested citation', () => {
    expect(pdf.pageTexts[0]).toBe(`Sustainable Governance Indicators 2024 ${seed.country}: ${seed.category} Rank ${seed.rank} of 30 Bertelsmann Stiftung · 2024 ${sampleImprint.join(' ')}`);
    expect(pdf.textsOf('H1')).toEqual([`${seed.country}: ${seed.category}`]);
  });

  it('has every fact of the seed, in the seed’s order', () => {
    const expected: string[] = [...seed.keyFindings];
    for (const subcategory of seed.subcategories) {
      expected.push(subcategory.title, `Rank ${subcategory.rank} of 30`);
      for (const question of subcategory.questions) {
        expected.push(question.indicator, `Score ${question.score} / 10`, `Question: ${question.text}`, 'Rating scale Scores Description');
        for (const band of question.bands) {
          expected.push(bandRange(band.scores), band.description);
          if (band.scores.includes(question.score)) expected.push(`Score ${question.score} lies in this band`);
        }
        expected.push(...question.paragraphs, 'Citations');
        for (const line of question.citations) {
          const { lead, year, url } = citationFacts(line);
          expected.push(lead, ...(year ? [year] : []), ...(url ? [url] : []));
        }
      }
    }
    expect(firstMissingInOrder(pdf.text, expected)).toBeUndefined();
  });

  it('marks the band that holds the score in words, once per rubric', () => {
    expect(pdf.text.match(/lies in this band/g)).toHaveLength(questions.length);
    const cells = pdf.textsOf('TD');
    for (const question of questions) {
      const band = question.bands.find((candidate) => candidate.scores.includes(question.score));
      expect(cells).toContain(`${band?.description ?? '?'} Score ${question.score} lies in this band`);
    }
  });

  it('formats the inline citation as "(Yashiro 2016)"', () => {
    expect(pdf.text).toContain('(Yashiro 2016)');
  });

  it('makes every URL of the citations a link annotation', () => {
    const urls = questions.flatMap((question) => question.citations.map((line) => citationFacts(line).url).filter((url): url is string => url !== undefined));
    expect(urls.length).toBeGreaterThan(5);
    const linked = pdf.links.flatMap((link) => (link.url ? [link.url] : []));
    for (const url of urls) expect(linked.some((target) => target.replace(/\/$/, '').endsWith(url.replace(/^https?:\/\//, '').replace(/\/$/, '')))).toBe(true);
  });

  it('has bookmarks for the title, contents, key findings, each sub-category and each question', () => {
    expect(pdf.outline.map((entry) => entry.title)).toEqual([`${seed.country}: ${seed.category}`, 'Contents', 'Key Findings', ...seed.subcategories.map((subcategory) => subcategory.title)]);
    for (const subcategory of seed.subcategories) {
      const entry = pdf.outline.find((candidate) => candidate.title === subcategory.title);
      expect(entry?.children.map((child) => child.title)).toEqual(subcategory.questions.map((question) => question.indicator));
    }
  });

  it('has a table of contents whose page numbers are the pages its links lead to', () => {
    const entries = pdf.textsOf('TOCI');
    expect(entries).toHaveLength(1 + seed.subcategories.length + questions.length);
    const destinations = [...new Set(pdf.links.flatMap((link) => (link.destination ? [link.destination] : [])))];
    expect(destinations).toHaveLength(entries.length);
    entries.forEach((entry, index) => {
      const number = Number(/(\d+)$/.exec(entry)?.[1]);
      const destination = destinations[index] ?? '?';
      expect(pdf.destinationPages.get(destination)).toBe(number);
    });
    expect(entries[0]).toMatch(/^Key Findings \d+$/);
  });

  it('runs a head (edition · country · category) and "Page X of Y" on every page but the title page, as artifacts', () => {
    expect(pdf.artifactTexts[0]).not.toContain('Page');
    pdf.artifactTexts.slice(1).forEach((artifacts, index) => {
      expect(artifacts).toContain(`Sustainable Governance Indicators 2024 · ${seed.country} · ${seed.category}`);
      expect(artifacts).toContain(`Page ${index + 2} of ${pdf.pageCount}`);
    });
    expect(pdf.text).not.toContain('Page 2 of');
    expect(pdf.unmarkedText).toBe('');
  });

  it('carries the document’s metadata and shows its title in the viewer', () => {
    expect(pdf.info['Title']).toBe(`${seed.country}: ${seed.category} — Sustainable Governance Indicators 2024`);
    expect(pdf.info['Author']).toBe('Bertelsmann Stiftung');
    expect(pdf.info['Subject']).toBe(`Sustainable Governance Indicators 2024: ${seed.country}: ${seed.category}. Rank ${seed.rank} of 30.`);
    expect(String(pdf.info['Keywords'])).toContain(seed.subcategories[0]?.title ?? '?');
    expect(pdf.info['CreationDate']).toBe('D:20240601000000Z');
    expect(pdf.raw).toMatch(/\/DisplayDocTitle true/);
    expect(pdf.raw).toMatch(/\/Lang \(en-US\)/);
  });

  it('is an A4 document', () => {
    for (const size of pdf.pageSizes) expect(size).toEqual([595.28, 841.89]);
  });
});
