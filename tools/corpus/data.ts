/** The raw material of the synthetic corpus: countries (names in their own languages), topics, authors. */

export interface Country {
  readonly name: string;
  /** "Polish", used where the sample says "Japanese". */
  readonly adjective: string;
  /** Places named in the text, to put many languages' letters into every edition. */
  readonly places: readonly string[];
}

export const countries: readonly Country[] = [
  { name: 'Česko', adjective: 'Czech', places: ['Brno', 'Plzeň', 'České Budějovice'] },
  { name: 'Türkiye', adjective: 'Turkish', places: ['İzmir', 'Eskişehir', 'Muğla'] },
  { name: 'Ísland', adjective: 'Icelandic', places: ['Reykjavík', 'Akureyri', 'Ísafjörður'] },
  { name: 'Österreich', adjective: 'Austrian', places: ['Graz', 'Wörgl', 'Sankt Pölten'] },
  { name: 'Polska', adjective: 'Polish', places: ['Łódź', 'Wrocław', 'Gdańsk'] },
  { name: 'România', adjective: 'Romanian', places: ['Timișoara', 'Iași', 'Constanța'] },
  { name: 'Magyarország', adjective: 'Hungarian', places: ['Győr', 'Pécs', 'Hódmezővásárhely', 'Kőszeg', 'Tűzkő'] },
  { name: 'Deutschland', adjective: 'German', places: ['Köln', 'Düsseldorf', 'Lübeck'] },
  { name: 'España', adjective: 'Spanish', places: ['A Coruña', 'Cádiz', 'Logroño'] },
  { name: 'France', adjective: 'French', places: ['Besançon', 'Orléans', 'Nîmes'] },
  { name: 'Norge', adjective: 'Norwegian', places: ['Tromsø', 'Bodø', 'Ålesund'] },
  { name: 'Sverige', adjective: 'Swedish', places: ['Göteborg', 'Malmö', 'Umeå'] },
  { name: 'Danmark', adjective: 'Danish', places: ['Aarhus', 'Køge', 'Næstved'] },
  { name: 'Suomi', adjective: 'Finnish', places: ['Jyväskylä', 'Hämeenlinna', 'Oulu'] },
  { name: 'Eesti', adjective: 'Estonian', places: ['Pärnu', 'Võru', 'Tartu'] },
  { name: 'Latvija', adjective: 'Latvian', places: ['Jūrmala', 'Liepāja', 'Daugavpils'] },
  { name: 'Lietuva', adjective: 'Lithuanian', places: ['Šiauliai', 'Klaipėda', 'Panevėžys'] },
  { name: 'Slovensko', adjective: 'Slovak', places: ['Košice', 'Žilina', 'Prešov'] },
  { name: 'Slovenija', adjective: 'Slovenian', places: ['Škofja Loka', 'Celje', 'Kranj'] },
  { name: 'Hrvatska', adjective: 'Croatian', places: ['Osijek', 'Šibenik', 'Čakovec'] },
  { name: 'Portugal', adjective: 'Portuguese', places: ['Guimarães', 'Évora', 'Setúbal'] },
  { name: 'Italia', adjective: 'Italian', places: ['Forlì', 'Cefalù', 'Sant’Agata'] },
  { name: 'België', adjective: 'Belgian', places: ['Liège', 'Leuven', 'Mons'] },
  { name: 'Schweiz', adjective: 'Swiss', places: ['Zürich', 'Genève', 'Neuchâtel'] },
  { name: 'Éire', adjective: 'Irish', places: ['Dún Laoghaire', 'Corcaigh', 'Gaillimh'] },
  { name: 'Malta', adjective: 'Maltese', places: ['Ħal Qormi', 'Għarb', 'Żebbuġ'] },
  { name: 'Nihon', adjective: 'Japanese', places: ['Ōsaka', 'Tōhoku', 'Kyōto'] },
  { name: 'México', adjective: 'Mexican', places: ['Mérida', 'Querétaro', 'León'] },
  { name: 'Aotearoa New Zealand', adjective: 'New Zealand', places: ['Whangārei', 'Taupō', 'Ōtautahi'] },
  { name: 'Canada', adjective: 'Canadian', places: ['Montréal', 'Québec', 'Trois-Rivières'] },
  { name: 'Lëtzebuerg', adjective: 'Luxembourgish', places: ['Esch-sur-Alzette', 'Diekirch', 'Éislek'] },
  { name: 'Nederland', adjective: 'Dutch', places: ['’s-Hertogenbosch', 'IJmuiden', 'Groningen'] },
];

export const categoryTitles: readonly string[] = [
  'Coordination',
  'Policy Implementation',
  'Executive Accountability',
  'Budgeting and Fiscal Governance',
  'Societal Consultation',
  'Regulatory Quality',
  'Evidence-based Instruments',
  'Strategic Capacity',
];

export const subcategoryTitles: readonly string[] = [
  'Quality of Horizontal Coordination',
  'Quality of Vertical Coordination',
  'Organizational Capacity',
  'Legislative Oversight',
  'Audit and Control',
  'Public Consultation',
  'Impact Assessment',
  'Long-term Planning',
  'Transparency of Decisions',
  'Digital Government',
  'Crisis Preparedness',
  'Independent Supervision',
];

/** Topics: an indicator title and the phrase its question asks about. */
export const topics: readonly { readonly indicator: string; readonly phrase: string }[] = [
  { indicator: 'Effective Coordination Mechanisms of the GO|PMO', phrase: 'coordination mechanisms between the government’s office and line ministries' },
  { indicator: 'Coordination within the Ministerial Bureaucracy', phrase: 'formal forms of coordination across ministries' },
  { indicator: 'Complementary Informal Coordination', phrase: 'informal coordination mechanisms' },
  { indicator: 'National (Minimum) Standards', phrase: 'national minimum standards for public services' },
  { indicator: 'Effective Multilevel Cooperation', phrase: 'cooperation between national, regional and local governments' },
  { indicator: 'Budget Transparency', phrase: 'the publication of budget documents' },
  { indicator: 'Regulatory Impact Assessment', phrase: 'assessments of the impact of new regulation' },
  { indicator: 'Parliamentary Oversight', phrase: 'parliamentary committees’ oversight of ministries' },
  { indicator: 'Audit Office Independence', phrase: 'the independence of the supreme audit institution' },
  { indicator: 'Stakeholder Consultation', phrase: 'the consultation of societal actors' },
  { indicator: 'Strategic Planning Units', phrase: 'strategic planning units at the centre of government' },
  { indicator: 'Scientific Advice', phrase: 'the use of independent scientific advice' },
  { indicator: 'Digital Public Services', phrase: 'digital services for citizens and firms' },
  { indicator: 'Ombuds Office', phrase: 'the work of an ombuds office' },
  { indicator: 'Access to Information', phrase: 'citizens’ access to government information' },
  { indicator: 'Crisis Management', phrase: 'arrangements for managing crises' },
];

export const familyNames: readonly string[] = [
  'Dvořák', 'Kovács', 'Łukasiewicz', 'Şahin', 'Jónsdóttir', 'Müller', 'Popescu', 'Ștefănescu', 'Nowak', 'Szőke',
  'García Núñez', 'Lefèvre', 'Søndergaard', 'Åkesson', 'Mäkinen', 'Tamm', 'Bērziņš', 'Kazlauskaitė', 'Horváth', 'Žagar',
  'Babić', 'Gonçalves', 'Ricci', 'Peeters', 'Ó Súilleabháin', 'Borg', 'Yamamoto', 'Hernández', 'Te Rangi', 'Tremblay',
  'Makihara', 'Zakowski', 'Yashiro', 'Muramatsu', 'Ladner', 'Iio',
];

export const givenNames: readonly string[] = [
  'Jiří', 'Zsófia', 'Łucja', 'Ayşe', 'Guðrún', 'Jürgen', 'Ioana', 'Șerban', 'Agnieszka', 'Ödön',
  'José', 'Hélène', 'Søren', 'Åsa', 'Päivi', 'Mart', 'Jānis', 'Rūta', 'Gábor', 'Nika',
  'Ivana', 'João', 'Niccolò', 'Els', 'Seán', 'Ġorġ', 'Kenji', 'Ximena', 'Aroha', 'Benoît',
];

export const publishers: readonly { readonly name: string; readonly place: string }[] = [
  { name: 'Routledge', place: 'London – New York' },
  { name: 'Oxford University Press', place: 'Oxford' },
  { name: 'Nakladatelství Karolinum', place: 'Praha' },
  { name: 'Wydawnictwo Naukowe PWN', place: 'Warszawa' },
  { name: 'Editura Polirom', place: 'Iași' },
  { name: 'Akadémiai Kiadó', place: 'Budapest' },
  { name: 'Springer VS', place: 'Wiesbaden' },
  { name: 'Presses de Sciences Po', place: 'Paris' },
];

export const journals: readonly string[] = [
  'International Journal of Public Administration',
  'Journal of European Public Policy',
  'Politologický časopis',
  'Studia Regionalne i Lokalne',
  'Közgazdasági Szemle',
  'Revista Română de Științe Politice',
  'Governance',
  'West European Politics',
];

export const newspapers: readonly string[] = ['The Japan Times', 'Gazeta Wyborcza', 'Népszava', 'Hospodářské noviny', 'Dziennik Łódzki', 'Adevărul', 'Hürriyet', 'Morgunblaðið'];

export const titleWords: readonly string[] = [
  'Reform', 'Coordination', 'Centralization', 'Accountability', 'Budgets', 'Ministries', 'Decentralization', 'Digitalization',
  'Parliaments', 'Audit', 'Consultation', 'Strategy', 'Regulation', 'Oversight', 'Transparency', 'Evidence',
];

export const subjects: readonly string[] = [
  'the Cabinet Office', 'the ministry of finance', 'the supreme audit office', 'the regional governments', 'the parliamentary budget committee',
  'the association of municipalities', 'the digital agency', 'the council of state', 'the national statistics office', 'the prime minister’s office',
];
