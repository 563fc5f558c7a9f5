/**
 * Where rubricpress itself is installed, and its version. This file sits directly in `src/` (and,
 * compiled, in `dist/`), so the package root is one folder up in both cases.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const packageRoot = fileURLToPath(new URL('../', import.meta.url));

const packageJson: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export const version =
  typeof packageJson === 'object' && packageJson !== null && 'version' in packageJson && typeof packageJson.version === 'string' ? packageJson.version : '0.0.0';

export const generator = `rubricpress ${version}`;

/** The repository package.json names (`repository.url`), as a web address without `.git`. */
const repositoryUrl = ((): string => {
  const repository = typeof packageJson === 'object' && packageJson !== null && 'repository' in packageJson ? packageJson.repository : undefined;
  const url = typeof repository === 'object' && repository !== null && 'url' in repository && typeof repository.url === 'string' ? repository.url : '';
  return url.replace(/^git\+/, '').replace(/\.git$/, '') || 'https://github.com/rubricpress/rubricpress';
})();

/** Where a rule is described: docs/rules.md in the repository package.json names. */
export function ruleUrl(ruleId: string): string {
  return `${repositoryUrl}/blob/main/docs/rules.md#${ruleId}`;
}
