/**
 * Diagnostics for machines (`check --format json|github|sarif`): JSON Lines, GitHub Actions
 * workflow commands (annotations on the pull request's lines), and SARIF 2.1.0 (code scanning).
 * All three list the diagnostics sorted by file and position, as `diagnosticsAsJson` gives them.
 */
import { diagnosticsAsJson, type JsonDiagnostic } from '../diagnostics/json.js';
import { rules, type RuleId } from '../diagnostics/catalog.js';
import { ruleUrl, version } from '../package-info.js';
import type { VFile } from 'vfile';

export const reportFormats = ['text', 'json', 'github', 'sarif'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (reportFormats as readonly string[]).includes(value);
}

/** The diagnostics in a machine format; '' for none in JSON Lines and GitHub's format. */
export function formatReport(format: Exclude<ReportFormat, 'text'>, files: readonly VFile[]): string {
  const diagnostics = diagnosticsAsJson(files);
  switch (format) {
    case 'json':
      return diagnostics.map((diagnostic) => `${JSON.stringify(diagnostic)}\n`).join('');
    case 'github':
      return diagnostics.map((diagnostic) => `${githubCommand(diagnostic)}\n`).join('');
    case 'sarif':
      return `${JSON.stringify(sarifLog(diagnostics), null, 2)}\n`;
  }
}

// —— GitHub Actions: ::error file=…,line=…::message (https://docs.github.com/actions/reference/workflow-commands-for-github-actions)

function githubCommand(diagnostic: JsonDiagnostic): string {
  const command = diagnostic.severity === 'error' ? 'error' : diagnostic.severity === 'warning' ? 'warning' : 'notice';
  const properties: [string, string | number | null][] = [
    ['file', diagnostic.file],
    ['line', diagnostic.line],
    ['col', diagnostic.column],
    ['endLine', diagnostic.endLine],
    ['endColumn', diagnostic.endColumn],
    ['title', diagnostic.ruleId ? `rubricpress: ${diagnostic.ruleId}` : 'rubricpress'],
  ];
  const shown = properties.filter((entry): entry is [string, string | number] => entry[1] !== null).map(([name, value]) => `${name}=${escapeProperty(String(value))}`);
  return `::${command} ${shown.join(',')}::${escapeData(diagnostic.message)}`;
}

/** Workflow commands end at a line break; `%` starts an escape. Other control characters are written as escapes too, so that no byte of the source acts on the log. */
function escapeData(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this replaces
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// —— SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/)

interface SarifRegion {
  readonly startLine: number;
  readonly startColumn?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

function sarifLog(diagnostics: readonly JsonDiagnostic[]): unknown {
  const ruleIds = [...new Set(diagnostics.flatMap((diagnostic) => (diagnostic.ruleId ? [diagnostic.ruleId] : [])))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rubricpress',
            version,
            informationUri: ruleUrl('').replace(/#$/, ''),
            rules: ruleIds.map((id) => {
              const definition = Object.hasOwn(rules, id) ? rules[id as RuleId] : undefined;
              return { id, helpUri: ruleUrl(id), ...(definition ? { shortDescription: { text: definition.summary }, defaultConfiguration: { level: sarifLevel(definition.severity) } } : {}) };
            }),
          },
        },
        results: diagnostics.map((diagnostic) => ({
          ...(diagnostic.ruleId ? { ruleId: diagnostic.ruleId, ruleIndex: ruleIds.indexOf(diagnostic.ruleId) } : {}),
          level: sarifLevel(diagnostic.severity),
          message: { text: diagnostic.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: diagnostic.file.split('\\').join('/') },
                ...(diagnostic.line === null ? {} : { region: sarifRegion(diagnostic, diagnostic.line) }),
              },
            },
          ],
        })),
      },
    ],
  };
}

function sarifRegion(diagnostic: JsonDiagnostic, startLine: number): SarifRegion {
  return {
    startLine,
    ...(diagnostic.column === null ? {} : { startColumn: diagnostic.column }),
    ...(diagnostic.endLine === null ? {} : { endLine: diagnostic.endLine }),
    ...(diagnostic.endColumn === null ? {} : { endColumn: diagnostic.endColumn }),
  };
}

function sarifLevel(severity: string): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}
