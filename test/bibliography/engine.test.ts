import { describe, it, expect } from 'vitest';
import type { PhrasingContent } from 'mdast';
import {
  UnknownReferenceError,
  createCitationEngine,
  getCitationEngine,
  type CiteInput,
} from '../../src/bibliography/engine.js';
import type { CslItem } from '../../src/bibliography/references.js';
import { phrasingToString } from '../../src/bibliography/rich-text.js';
import { loadSampleReferences, localeXml, nodesOf, options, sampleReferences, styleXml } from './helpers.js';

/**
 * Every fact of the seed chapter's citations (authors, year, title, container, editors,
 * publisher, place, volume/issue/pages, URL), as the seed prints them; `italic` lists the
 * titles the style sets in italics; `urls` must be link nodes showing the URL as text.
 */
const SEED: Record<string, { facts: string[]; italic?: string[]; urls?: string[] }> = {
  makihara2009: {
    facts: [
      'Makihara, Izuru', '2009',
      '“From a Clerk Room to Government Headquarters: The Cabinet Secretariat and Its ‘Rotation System’ in Transition, 1997 – 2007.”',
      'Germany and Japan after 1989. Reform Pressures and Political System Dynamics',
      'Roland Czada and Kenji Hirashima', 'Tôkyô Daigaku Shakai Kagaku Kenkyûjo Kenkyû Shirîzu', '33',
      'Tokyo: Tôkyô Daigaku Shakai Kagaku Kenkyûjo',
    ],
    italic: ['Germany and Japan after 1989. Reform Pressures and Political System Dynamics'],
  },
  cabinetlaw1947: {
    facts: ['Prime Minister of Japan and His Cabinet', '1947', 'The Cabinet Law'],
    urls: ['https://japan.kantei.go.jp/constitution_and_government_of_japan/cabinet_law_e.html'],
  },
  zakowski2021: {
    facts: ['Zakowski, Karol', '2021', 'Gradual Institutional Change in Japan', 'Kantei Leadership under the Abe Administration', 'London – New York: Routledge'],
    italic: ['Gradual Institutional Change in Japan: Kantei Leadership under the Abe Administration'],
  },
  cavanaugh2023: {
    facts: ['Cavanaugh, Luke', '2023', '“What Next for Japan’s Digital Agency After the My Number Misfire?”'],
    urls: ['https://thediplomat.com/2023/10/what-next-for-japans-digital-agency-after-the-my-number-misfire/'],
  },
  mishimi2014: {
    facts: ['Mishimi, Ko', '2014', '“A Big Bang for Japanese Mandarins? The Civil Service Reform of 2014.”', 'International Journal of Public Administration 40 (13): 1101–1113'],
    italic: ['International Journal of Public Administration'],
  },
  iio2008: {
    facts: ['Iio, Jun', '2008', 'Nihon no Tôchi Kôzô [Structure of Government in Japan]', 'Tokyo: Chûô Kôron Shinsha'],
    italic: ['Nihon no Tôchi Kôzô [Structure of Government in Japan]'],
  },
  mic2017: {
    facts: ['Ministry of Internal Affairs and Communications', '2017', 'Chihô Kôkyô Dantai ni okeru Gyôsei Hyôka no Torikumi Jôkyô', '[Status of administrative evaluation efforts in local governments]'],
    urls: ['https://www.soumu.go.jp/iken/02gyosei04_04000062.html'],
  },
  japantimes2023: {
    facts: ['“My Number glitches undermine Japan’s digital future.”', 'The Japan Times, June 9', '2023'],
    italic: ['The Japan Times'],
    urls: ['https://www.japantimes.co.jp/opinion/2023/06/09/editorials/my-number-failure/'],
  },
  kaufmann2023: {
    facts: ['Kaufmann, Daniel, and Aart Kraay', '2023', '“Worldwide Governance Indicators, 2023 Update.”'],
    urls: ['www.govindicators.org'],
  },
  yashiro2016: {
    facts: [
      'Yashiro, Naohiro', '2016', '“Regulatory Coherence: The Case of Japan.”', 'D. Gill and P. Intal, Jr.',
      'The Development of Regulatory Management Systems in East Asia: Country Studies', 'Jakarta: ERIA', '2015-4', '27–113',
    ],
    italic: ['The Development of Regulatory Management Systems in East Asia: Country Studies'],
  },
  ladner2021: {
    facts: ['Ladner, Andreas', 'Keuffer', 'Nicolas', 'Bastianen', 'Alexander', '2021', '“Self-rule index for local authorities in the EU, Council of Europe and OECD countries, 1990-2020.”', 'European Commission'],
    urls: ['http://www.andreasladner.ch/dokumente/Eigene%20Arbeiten/LAI_2_0%20Final%20report%20published%20on%20the%20website%20of%20the%20EC.pdf'],
  },
  localautonomylaw1947: {
    facts: ['Local Autonomy Law', '1947'],
    urls: ['https://elaws.e-gov.go.jp/document?lawid=322AC0000000067'],
  },
  muramatsu2001: {
    facts: ['Muramatsu, Michio', '2001', '“Intergovernmental Relations in Japan: Models and Perspectives.”', 'World Bank Institute'],
    urls: ['https://documents1.worldbank.org/curated/fr/241461468278058512/pdf/330320JP0wbi37178.pdf'],
  },
  pmo2023: {
    facts: ['Prime Minister’s Office of Japan', '2023', '“Forum for Consultations between the National and Local Governments.”'],
    urls: ['https://japan.kantei.go.jp/101_kishida/actions/202310/19kunitochiho.html'],
  },
  asahi2023: {
    facts: ['“Top court ruling on Henoko base suit an insult to local autonomy.”', 'The Asahi Shinbun', 'September 5', '2023'],
    italic: ['The Asahi Shinbun'],
    urls: ['https://www.asahi.com/ajw/articles/14997693'],
  },
};

/** The formatted entries as plain text (what the lead compares with the seed). */
const EXPECTED_TEXT: Record<string, string> = {
  makihara2009:
    'Makihara, Izuru. 2009. “From a Clerk Room to Government Headquarters: The Cabinet Secretariat and Its ‘Rotation System’ in Transition, 1997 – 2007.” In Germany and Japan after 1989. Reform Pressures and Political System Dynamics, edited by Roland Czada and Kenji Hirashima. Tôkyô Daigaku Shakai Kagaku Kenkyûjo Kenkyû Shirîzu 33. Tokyo: Tôkyô Daigaku Shakai Kagaku Kenkyûjo.',
  cabinetlaw1947:
    'Prime Minister of Japan and His Cabinet. 1947. The Cabinet Law. https://japan.kantei.go.jp/constitution_and_government_of_japan/cabinet_law_e.html',
  zakowski2021:
    'Zakowski, Karol. 2021. Gradual Institutional Change in Japan: Kantei Leadership under the Abe Administration. London – New York: Routledge.',
  cavanaugh2023:
    'Cavanaugh, Luke. 2023. “What Next for Japan’s Digital Agency After the My Number Misfire?” https://thediplomat.com/2023/10/what-next-for-japans-digital-agency-after-the-my-number-misfire/',
  mishimi2014:
    'Mishimi, Ko. 2014. “A Big Bang for Japanese Mandarins? The Civil Service Reform of 2014.” International Journal of Public Administration 40 (13): 1101–1113.',
  iio2008: 'Iio, Jun. 2008. Nihon no Tôchi Kôzô [Structure of Government in Japan]. Tokyo: Chûô Kôron Shinsha.',
  mic2017:
    'Ministry of Internal Affairs and Communications. 2017. “Chihô Kôkyô Dantai ni okeru Gyôsei Hyôka no Torikumi Jôkyô [Status of administrative evaluation efforts in local governments].” https://www.soumu.go.jp/iken/02gyosei04_04000062.html',
  japantimes2023:
    '“My Number glitches undermine Japan’s digital future.” 2023. The Japan Times, June 9. https://www.japantimes.co.jp/opinion/2023/06/09/editorials/my-number-failure/',
  kaufmann2023:
    'Kaufmann, Daniel, and Aart Kraay. 2023. “Worldwide Governance Indicators, 2023 Update.” www.govindicators.org',
  yashiro2016:
    'Yashiro, Naohiro. 2016. “Regulatory Coherence: The Case of Japan.” In The Development of Regulatory Management Systems in East Asia: Country Studies, edited by D. Gill and P. Intal, Jr., 27–113. No. 2015-4. Jakarta: ERIA.',
  ladner2021:
    'Ladner, Andreas, Nicolas Keuffer, and Alexander Bastianen. 2021. “Self-rule index for local authorities in the EU, Council of Europe and OECD countries, 1990-2020.” European Commission. http://www.andreasladner.ch/dokumente/Eigene%20Arbeiten/LAI_2_0%20Final%20report%20published%20on%20the%20website%20of%20the%20EC.pdf',
  localautonomylaw1947: 'Local Autonomy Law. 1947. https://elaws.e-gov.go.jp/document?lawid=322AC0000000067',
  muramatsu2001:
    'Muramatsu, Michio. 2001. “Intergovernmental Relations in Japan: Models and Perspectives.” World Bank Institute. https://documents1.worldbank.org/curated/fr/241461468278058512/pdf/330320JP0wbi37178.pdf',
  pmo2023:
    'Prime Minister’s Office of Japan. 2023. “Forum for Consultations between the National and Local Governments.” https://japan.kantei.go.jp/101_kishida/actions/202310/19kunitochiho.html',
  asahi2023:
    '“Top court ruling on Henoko base suit an insult to local autonomy.” 2023. The Asahi Shinbun, September 5. https://www.asahi.com/ajw/articles/14997693',
};

const ids = sampleReferences.map((item) => item.id);
const engine = getCitationEngine(options());
const entries = engine.formatEntries(ids);

function entry(id: string): PhrasingContent[] {
  const nodes = entries.get(id);
  if (nodes === undefined) throw new Error(`no entry for ${id}`);
  return nodes;
}

describe('bibliography entries of the 15 seed references', () => {
  it('gives one entry per id, in the order asked for', () => {
    expect([...entries.keys()]).toEqual(ids);
    expect(Object.keys(SEED).sort()).toEqual([...ids].sort());
  });

  it.each(ids)('%s carries every fact of the seed citation', (id) => {
    const text = phrasingToString(entry(id));
    for (const fact of SEED[id]?.facts ?? []) expect(text).toContain(fact);
    expect(text).toBe(EXPECTED_TEXT[id]);
    expect(text).not.toMatch(/\n|\s$/);
    expect(text).not.toMatch(/[Aa]ccessed/);
  });

  it.each(ids)('%s prints its URL as a link whose text is the URL', (id) => {
    const links = nodesOf(entry(id), 'link');
    const urls = SEED[id]?.urls ?? [];
    expect(links.map((link) => phrasingToString(link.children))).toEqual(urls);
    for (const link of links) expect(link.url).toMatch(/^https?:\/\//);
  });

  it('completes the scheme-less URL only in the link target', () => {
    const [link] = nodesOf(entry('kaufmann2023'), 'link');
    expect(link?.url).toBe('https://www.govindicators.org');
    expect(link?.children).toEqual([{ type: 'text', value: 'www.govindicators.org' }]);
  });

  it.each(ids)('%s italicises book and journal titles only', (id) => {
    const italic = nodesOf(entry(id), 'emphasis').map((node) => phrasingToString(node.children));
    expect(italic).toEqual(SEED[id]?.italic ?? []);
  });

  it('starts an entry without author with its title', () => {
    expect(phrasingToString(entry('japantimes2023'))).toMatch(/^“My Number glitches/);
    expect(phrasingToString(entry('localautonomylaw1947'))).toMatch(/^Local Autonomy Law\. 1947\./);
  });

  it('makes plain mdast nodes only (no HTML)', () => {
    const types = new Set<string>();
    const walk = (nodes: readonly PhrasingContent[]): void => {
      for (const node of nodes) {
        types.add(node.type);
        if ('children' in node) walk(node.children);
      }
    };
    for (const id of ids) walk(entry(id));
    expect([...types].sort()).toEqual(['emphasis', 'link', 'text']);
  });
});

describe('sortIds', () => {
  it('orders by author (or title), date, title', () => {
    expect(engine.sortIds(ids)).toEqual([
      'cavanaugh2023', 'iio2008', 'kaufmann2023', 'ladner2021', 'localautonomylaw1947',
      'makihara2009', 'mic2017', 'mishimi2014', 'muramatsu2001', 'japantimes2023',
      'cabinetlaw1947', 'pmo2023', 'asahi2023', 'yashiro2016', 'zakowski2021',
    ]);
  });

  it('keeps a subset in the same relative order, without repeats', () => {
    expect(engine.sortIds(['zakowski2021', 'makihara2009', 'cabinetlaw1947', 'zakowski2021'])).toEqual([
      'makihara2009',
      'cabinetlaw1947',
      'zakowski2021',
    ]);
  });

  it('sorts by date, then title, for one author', () => {
    const refs: CslItem[] = [
      { id: 'b', type: 'book', title: 'Beta', author: [{ family: 'Same', given: 'A' }], issued: { 'date-parts': [[2020]] }, publisher: 'P' },
      { id: 'a', type: 'book', title: 'Alpha', author: [{ family: 'Same', given: 'A' }], issued: { 'date-parts': [[2020]] }, publisher: 'P' },
      { id: 'c', type: 'book', title: 'Aardvark', author: [{ family: 'Same', given: 'A' }], issued: { 'date-parts': [[2019]] }, publisher: 'P' },
      { id: 'd', type: 'book', title: 'Zeta', author: [{ family: 'Earlier', given: 'Z' }], issued: { 'date-parts': [[2024]] }, publisher: 'P' },
    ];
    expect(createCitationEngine(options(refs)).sortIds(['a', 'b', 'c', 'd'])).toEqual(['d', 'c', 'a', 'b']);
  });
});

describe('in-text citations', () => {
  it('formats (Yashiro 2016)', () => {
    expect(engine.formatCitation([{ id: 'yashiro2016' }])).toEqual([{ type: 'text', value: '(Yashiro 2016)' }]);
  });

  it('adds a page locator without a label, others with one', () => {
    expect(phrasingToString(engine.formatCitation([{ id: 'yashiro2016', locator: '33' }]))).toBe('(Yashiro 2016, 33)');
    expect(phrasingToString(engine.formatCitation([{ id: 'yashiro2016', locator: '33', label: 'page' }]))).toBe(
      '(Yashiro 2016, 33)',
    );
    expect(phrasingToString(engine.formatCitation([{ id: 'zakowski2021', locator: '3', label: 'chapter' }]))).toBe(
      '(Zakowski 2021, chap. 3)',
    );
  });

  it('joins several cites, keeps their order and prefixes, and can suppress the author', () => {
    const text = phrasingToString(
      engine.formatCitation([
        { id: 'zakowski2021', prefix: 'see ' },
        { id: 'iio2008' },
        { id: 'yashiro2016', suppressAuthor: true },
      ]),
    );
    expect(text).toBe('(see Zakowski 2021; Iio 2008; 2016)');
    expect(engine.formatCitation([])).toEqual([]);
  });

  it('cites a work without author by its title', () => {
    expect(phrasingToString(engine.formatCitation([{ id: 'localautonomylaw1947' }]))).toBe('(Local Autonomy Law 1947)');
  });

  it('formats a cluster met again as a fresh engine does, whatever came between, and gives each caller its own nodes', () => {
    const clusters: CiteInput[][] = [
      [{ id: 'yashiro2016' }],
      [{ id: 'yashiro2016', locator: '33' }],
      [{ id: 'zakowski2021', prefix: 'see ' }, { id: 'iio2008' }],
      [{ id: 'yashiro2016', suppressAuthor: true }],
    ];
    const fresh = (items: CiteInput[]): string => phrasingToString(createCitationEngine(options()).formatCitation(items));
    const byWorkFresh = (items: CiteInput[]): string[] => createCitationEngine(options()).formatCitationByWork(items).map((part) => `${part.id ?? ''}:${phrasingToString(part.children)}`);
    const shared = createCitationEngine(options());
    for (let round = 0; round < 2; round += 1) {
      for (const items of [...clusters].reverse()) {
        expect(phrasingToString(shared.formatCitation(items))).toBe(fresh(items));
        expect(shared.formatCitationByWork(items).map((part) => `${part.id ?? ''}:${phrasingToString(part.children)}`)).toEqual(byWorkFresh(items));
      }
    }
    // A caller changing what it was given changes nothing the next caller gets.
    const first = shared.formatCitation([{ id: 'yashiro2016' }]);
    const node = first[0];
    if (node?.type === 'text') node.value = 'changed';
    expect(shared.formatCitation([{ id: 'yashiro2016' }])).toEqual([{ type: 'text', value: '(Yashiro 2016)' }]);
  });

  it('adds year letters when one author has two works of one year', () => {
    const refs: CslItem[] = [
      { id: 'x1', type: 'book', title: 'One', author: [{ family: 'Same', given: 'A' }], issued: { 'date-parts': [[2020]] }, publisher: 'P' },
      { id: 'x2', type: 'book', title: 'Two', author: [{ family: 'Same', given: 'A' }], issued: { 'date-parts': [[2020]] }, publisher: 'P' },
    ];
    const e = createCitationEngine(options(refs));
    expect(phrasingToString(e.formatCitation([{ id: 'x2' }]))).toBe('(Same 2020b)');
    expect(phrasingToString(e.formatEntries(['x1']).get('x1') ?? [])).toContain('2020a');
  });
});

describe('escaping', () => {
  const tricky: CslItem[] = [
    {
      id: 'tricky',
      type: 'book',
      title: 'Less < More & <script>alert(1)</script> \uE000\uE008\uE00F',
      author: [{ family: 'O’Brien & Sons <Ltd>' }],
      issued: { 'date-parts': [[2020]] },
      publisher: 'P&Q',
      URL: 'https://example.org/?a=1&b=<2>',
    },
  ];
  const nodes = createCitationEngine(options(tricky)).formatEntries(['tricky']).get('tricky') ?? [];

  it('keeps <, & and the private marker characters as literal text', () => {
    const text = phrasingToString(nodes);
    expect(text).toContain('Less < More & <script>alert(1)</script> \uE000\uE008\uE00F');
    expect(text).toContain('O’Brien & Sons <Ltd>');
    expect(text).toContain('P&Q');
    expect(text).not.toMatch(/&#\d+;|&amp;|&lt;/);
    const [title] = nodesOf(nodes, 'emphasis');
    expect(title && phrasingToString(title.children)).toBe('Less < More & <script>alert(1)</script> \uE000\uE008\uE00F');
  });

  it('keeps & and < in a link as they are', () => {
    const [link] = nodesOf(nodes, 'link');
    expect(link?.url).toBe('https://example.org/?a=1&b=<2>');
  });

  it('does not modify the references it was given', () => {
    expect(tricky[0]?.title).toBe('Less < More & <script>alert(1)</script> \uE000\uE008\uE00F');
  });
});

describe('getCitationEngine', () => {
  it('reuses one engine per style, locale, language and reference list', () => {
    const again = getCitationEngine({ styleXml, localeXml, lang: 'en-US', references: sampleReferences });
    expect(again).toBe(engine);
  });

  it('reuses it for the same references read again (a rebuild in one process), not for other references or another language', () => {
    expect(getCitationEngine(options(loadSampleReferences()))).toBe(engine);
    expect(getCitationEngine({ ...options(), lang: 'en-GB' })).not.toBe(engine);
    const fewer = getCitationEngine(options(loadSampleReferences().slice(1)));
    expect(fewer).not.toBe(engine);
    expect(fewer.has(sampleReferences[0]?.id ?? '')).toBe(false);
  });

  it('is made once and reused for the same style, locale and references', () => {
    const first = getCitationEngine(options());
    first.formatEntries(ids);
    expect(getCitationEngine(options())).toBe(first);
  });
});

describe('unknown ids', () => {
  it('throws UnknownReferenceError naming them', () => {
    expect(() => engine.formatEntries(['nope', 'zakowski2021'])).toThrow(UnknownReferenceError);
    expect(() => engine.formatCitation([{ id: 'nope' }])).toThrow(/nope/);
    expect(() => engine.sortIds(['nope'])).toThrow(UnknownReferenceError);
    expect(engine.has('zakowski2021')).toBe(true);
    expect(engine.has('nope')).toBe(false);
  });
});

describe('a work outside the references (a chapter’s suggested citation)', () => {
  const chapter: CslItem = {
    id: 'chapter',
    type: 'chapter',
    title: 'Japan: Coordination',
    'container-title': 'Sustainable Governance Indicators 2024',
    author: [{ family: 'Zakowski', given: 'Karol' }],
    editor: [{ family: 'Lindqvist', given: 'Anna' }],
    publisher: 'Bertelsmann Stiftung',
    issued: { 'date-parts': [[2021]] },
    DOI: '10.5555/sgi2024-japan-coordination',
  };

  it('is formatted as a chapter in the edition: authors, year, title, the edition, its editors and publisher, the DOI as a link', () => {
    const work = createCitationEngine(options()).formatWork(chapter);
    expect(phrasingToString(work)).toBe('Zakowski, Karol. 2021. “Japan: Coordination.” In Sustainable Governance Indicators 2024, edited by Anna Lindqvist. Bertelsmann Stiftung. https://doi.org/10.5555/sgi2024-japan-coordination');
    expect(nodesOf(work, 'emphasis').map((node) => phrasingToString(node.children))).toEqual(['Sustainable Governance Indicators 2024']);
    expect(nodesOf(work, 'link').map((node) => node.url)).toEqual(['https://doi.org/10.5555/sgi2024-japan-coordination']);
  });

  it('leaves the references as they were: a work by the same author in the same year makes no “2021a”', () => {
    const fresh = createCitationEngine(options());
    const before = phrasingToString(fresh.formatEntries(['zakowski2021']).get('zakowski2021') ?? []);
    const citationBefore = phrasingToString(fresh.formatCitation([{ id: 'zakowski2021' }]));
    fresh.formatWork(chapter);
    fresh.formatWork({ ...chapter, title: 'Japan: Executive Capacity' });
    expect(phrasingToString(fresh.formatEntries(['zakowski2021']).get('zakowski2021') ?? [])).toBe(before);
    expect(phrasingToString(fresh.formatCitation([{ id: 'zakowski2021' }]))).toBe(citationBefore);
    expect(citationBefore).toBe('(Zakowski 2021)');
  });
});

describe('a citation in parts, one per cited work', () => {
  const engine = getCitationEngine(options());
  const text = (parts: readonly { readonly children: readonly PhrasingContent[] }[]): string => parts.map((part) => phrasingToString(part.children)).join('');

  it('gives each work’s words apart from the layout’s parentheses and delimiter, with the same words as the whole', () => {
    const items = [{ id: 'yashiro2016', locator: '33', prefix: 'see ' }, { id: 'iio2008' }];
    const parts = engine.formatCitationByWork(items);
    expect(parts.map((part) => [part.id, phrasingToString(part.children)])).toEqual([
      [undefined, '('],
      ['yashiro2016', 'see Yashiro 2016, 33'],
      [undefined, '; '],
      ['iio2008', 'Iio 2008'],
      [undefined, ')'],
    ]);
    expect(text(parts)).toBe(phrasingToString(engine.formatCitation(items)));
    // -@key: the year alone is the work's words.
    expect(engine.formatCitationByWork([{ id: 'makihara2009', suppressAuthor: true }]).map((part) => [part.id, phrasingToString(part.children)])).toEqual([[undefined, '('], ['makihara2009', '2009'], [undefined, ')']]);
  });

  it('gives the whole citation as one part, without a work, where a style’s layout sets it in italics (no work’s words stand apart)', () => {
    const italic = createCitationEngine({ ...options(), styleXml: styleXml.replace('<layout prefix="(" suffix=")" delimiter="; ">', '<layout prefix="(" suffix=")" delimiter="; " font-style="italic">') });
    const items = [{ id: 'yashiro2016' }, { id: 'iio2008' }];
    const parts = italic.formatCitationByWork(items);
    expect(parts).toHaveLength(1);
    expect(parts[0]?.id).toBeUndefined();
    expect(parts[0]?.children).toEqual(italic.formatCitation(items));
  });
});
