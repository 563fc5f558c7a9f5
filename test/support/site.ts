/** The web edition's files of a build of the sample (one chapter), beside its chapter's page, and the output folder's own index.html: relative to the output folder, sorted. */
export const sampleSiteFiles: readonly string[] = [
  'html/assets/fonts/noto-sans-400-italic.woff2',
  'html/assets/fonts/noto-sans-400.woff2',
  'html/assets/fonts/noto-sans-700-italic.woff2',
  'html/assets/fonts/noto-sans-700.woff2',
  'html/assets/fonts/noto-serif-400-italic.woff2',
  'html/assets/fonts/noto-serif-400.woff2',
  'html/assets/fonts/noto-serif-700-italic.woff2',
  'html/assets/fonts/noto-serif-700.woff2',
  'html/assets/minisearch.js',
  'html/assets/search-index.js',
  'html/assets/search.js',
  'html/categories/coordination.html',
  'html/countries/japan.html',
  'html/index.html',
  'html/indicators/go-pmo-coordination.html',
  'html/indicators/informal-coordination.html',
  'html/indicators/ministerial-bureaucracy-coordination.html',
  'html/indicators/multilevel-cooperation.html',
  'html/indicators/national-standards.html',
  'html/search.html',
  'index.html',
];

/** The sample's HTML edition: its chapter's page and the web edition's files, sorted. */
export const sampleHtmlFiles: readonly string[] = [...sampleSiteFiles, 'html/japan/coordination.html'].sort();
