/**
 * The variables of a CSL style through which one reference can change how another is cited or
 * listed: those its citations render or test (disambiguation compares rendered citations: year
 * suffixes, added names and initials), those it sorts by (numbering and order), and, when the
 * bibliography replaces a repeated author by a dash, every name variable. The incremental build
 * cache keeps a digest of every reference's values of these, so that a change to one of them
 * rebuilds each chapter that cites anything, while other changes rebuild only the citing chapters.
 */
export function crossReferenceVariables(styleXml: string): ReadonlySet<string> {
  const macros = new Map<string, string>();
  for (const match of styleXml.matchAll(/<macro\s+name="([^"]+)"[^>]*>([\s\S]*?)<\/macro>/g)) macros.set(match[1] ?? '', match[2] ?? '');
  const variables = new Set<string>(['id', 'type']);
  const visited = new Set<string>();
  const visit = (xml: string): void => {
    for (const match of xml.matchAll(/\b(?:variable|is-numeric|is-uncertain-date)="([^"]+)"/g)) for (const name of (match[1] ?? '').split(/\s+/)) if (name) variables.add(name);
    for (const match of xml.matchAll(/\bmacro="([^"]+)"/g)) {
      const name = match[1] ?? '';
      if (visited.has(name)) continue;
      visited.add(name);
      visit(macros.get(name) ?? '');
    }
  };
  visit(/<citation\b[\s\S]*?<\/citation>/.exec(styleXml)?.[0] ?? '');
  for (const match of styleXml.matchAll(/<sort\b[\s\S]*?<\/sort>/g)) visit(match[0]);
  if (/subsequent-author-substitute=/.test(styleXml)) {
    for (const match of styleXml.matchAll(/<names\b[^>]*\bvariable="([^"]+)"/g)) for (const name of (match[1] ?? '').split(/\s+/)) if (name) variables.add(name);
  }
  return variables;
}
