/**
 * Licences by SPDX id, from the `spdx-license-list` package (the SPDX list's ids, names and links,
 * kept up to date there): edition.yaml's `licence` must be one, and the editions print its name and link.
 */
import spdxLicences from 'spdx-license-list';

export interface Licence {
  /** The SPDX id, e.g. `CC-BY-4.0`. */
  readonly id: string;
  /** "Creative Commons Attribution 4.0 International" */
  readonly name: string;
  readonly url: string;
}

/** The licence with this SPDX id (as SPDX spells it), or undefined. */
export function licenceOf(id: string): Licence | undefined {
  if (!Object.hasOwn(spdxLicences, id)) return undefined;
  const entry = spdxLicences[id];
  return entry && { id, name: entry.name, url: entry.url };
}

/** Every SPDX id, for suggestions. */
export function licenceIds(): readonly string[] {
  return Object.keys(spdxLicences);
}
