/**
 * The layers of rubricpress (docs/architecture.md): which folder of src/ may import which. `npm run
 * lint` runs this after eslint (`depcruise src tools`), so an import this list does not allow, or
 * any cycle between files, fails the lint and CI. test/lint/layers.test.ts shows both failing.
 *
 * Imports of packages and of Node's modules are not restricted here (tsc checks that they exist).
 */
/** The folders of src/ and, for each, the others it may import (besides itself). */
const layers = {
  // The report tree's types: everything above reads them; they read nothing of ours.
  tree: [],
  // Diagnostics link each rule to its page in the repository package.json names.
  diagnostics: ['package-info'],
  bibliography: [],
  types: [],
  parse: ['tree', 'diagnostics'],
  source: ['tree', 'diagnostics', 'bibliography'],
  validate: ['tree', 'diagnostics', 'source'],
  transform: ['tree', 'diagnostics', 'bibliography', 'source', 'parse', 'validate'],
  // The theme and its templates; never a writer.
  theme: ['diagnostics', 'source', 'package-info'],
  // The document model's types.
  document: ['tree'],
  // Per format, the names of roles and anchors, read by the writers and the agreement check's readers.
  vocabulary: ['document'],
  // JSON Schemas for editors, generated from the schemas the source is validated with.
  schemas: ['bibliography', 'source', 'transform', 'project', 'data'],
  // The edition's scores and codebook as data files (CSV, JSON), from what the edition volume is made from.
  data: ['tree'],
  // The report tree → the document model.
  present: ['document', 'tree', 'theme'],
  // The writers: the model → HTML, PDF, DOCX.
  render: ['document', 'vocabulary', 'theme', 'tree'],
  // The agreement check: from the tree, never from the model or the writers.
  verify: ['tree', 'theme', 'vocabulary'],
  build: ['tree', 'data', 'diagnostics', 'bibliography', 'parse', 'source', 'validate', 'transform', 'theme', 'document', 'present', 'render', 'verify', 'package-info'],
  // The project file (rubricpress.yaml): read as source is, its folders held to the build's folder rules.
  project: ['build', 'diagnostics', 'source'],
  // rubricpress import: an edited DOCX back into the source, through the compile step and the presentation step.
  roundtrip: ['build', 'tree', 'diagnostics', 'source', 'theme', 'document', 'present', 'vocabulary'],
  // The author's loop: watching folders, the preview's server and its rebuilds.
  preview: ['build', 'diagnostics'],
  cli: ['build', 'roundtrip', 'diagnostics', 'package-info', 'preview', 'project'],
  // The library's entry point (`import { build, check } from 'rubricpress'`): beside the CLI, on the build.
  index: ['build', 'diagnostics', 'package-info'],
};

/** The single-file layers at the top of src/. */
const files = new Set(['package-info', 'index']);
const folder = (name) => (files.has(name) ? `^src/${name}[.]ts$` : `^src/${name}/`);

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'No module may depend on itself through others.', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'writers-apart',
      comment: 'A writer imports no other writer: what they share is in src/render/ itself, the model or the vocabularies.',
      severity: 'error',
      from: { path: '^src/render/([^/]+)/' },
      to: { path: '^src/render/[^/]+/', pathNot: '^src/render/$1/' },
    },
    {
      name: 'check-without-model',
      comment: "The agreement check's readers take the formats' role names, not the model's anchors.",
      severity: 'error',
      from: { path: '^src/verify/' },
      to: { path: '^src/vocabulary/anchors[.]ts$' },
    },
    {
      name: 'vocabulary-standalone',
      comment: 'A format vocabulary imports nothing of ours: the writer and the reader both read it.',
      severity: 'error',
      from: { path: '^src/vocabulary/(html|pdf|docx)[.]ts$' },
      to: { path: '^(src|tools)/' },
    },
  ],
  allowedSeverity: 'error',
  allowed: [
    // Packages and Node's modules.
    { from: {}, to: { pathNot: '^(src|tools)/' } },
    // Within a folder.
    { from: { path: '^src/([^/]+)/' }, to: { path: '^src/$1/' } },
    ...Object.entries(layers).flatMap(([name, allowed]) => allowed.map((other) => ({ from: { path: folder(name) }, to: { path: folder(other) } }))),
    // The tools (corpus generator, bench) are not shipped: they import only dependency-free modules of src/.
    { from: { path: '^tools/' }, to: { path: ['^tools/', '^src/source/slug[.]ts$'] } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a layer that names another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.d.ts'] },
  },
};
