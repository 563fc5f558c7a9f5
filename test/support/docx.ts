/**
 * Reading a .docx back in tests: unzip it (fflate), parse its XML parts into a small element tree,
 * and read paragraphs, tables, styles and relationships from that tree, as Word would.
 */
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}
export type XmlNode = XmlElement | string;

const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return entities[entity] ?? whole;
  });
}

/** A minimal XML parser for the parts docx writes: elements, attributes and text (no DTDs, no CDATA). */
export function parseXml(xml: string): XmlElement {
  const root: { name: string; attributes: Record<string, string>; children: XmlNode[] } = { name: '#document', attributes: {}, children: [] };
  const stack = [root];
  const pattern = /<\?[^>]*\?>|<!--[\s\S]*?-->|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
  for (const match of xml.matchAll(pattern)) {
    const [, closing, opening, attributeText, selfClosing, text] = match;
    const parent = stack.at(-1);
    if (!parent) throw new Error('unbalanced XML');
    if (text !== undefined) {
      parent.children.push(decode(text));
    } else if (closing !== undefined) {
      if (parent.name !== closing) throw new Error(`</${closing}> closes <${parent.name}>`);
      stack.pop();
    } else if (opening !== undefined) {
      const attributes: Record<string, string> = {};
      for (const attribute of (attributeText ?? '').matchAll(/([^\s=]+)="([^"]*)"/g)) attributes[attribute[1] ?? ''] = decode(attribute[2] ?? '');
      const element = { name: opening, attributes, children: [] as XmlNode[] };
      parent.children.push(element);
      if (selfClosing !== '/') stack.push(element);
    }
  }
  if (stack.length !== 1) throw new Error('unclosed XML element');
  const first = root.children.find((child): child is XmlElement => typeof child !== 'string');
  if (!first) throw new Error('no root element');
  return first;
}

/** Elements named `name` under `element`, in document order (not looking inside matches). */
export function find(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (node: XmlElement) => {
    for (const child of node.children) {
      if (typeof child === 'string') continue;
      if (child.name === name) found.push(child);
      else walk(child);
    }
  };
  walk(element);
  return found;
}

/** Every element named `name` under `element`, nested ones too. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (node: XmlElement) => {
    for (const child of node.children) {
      if (typeof child === 'string') continue;
      if (child.name === name) found.push(child);
      walk(child);
    }
  };
  walk(element);
  return found;
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((node): node is XmlElement => typeof node !== 'string' && node.name === name);
}

/** The value of `w:val` (or another attribute) of a child path, e.g. `val(p, 'w:pPr', 'w:pStyle')`. */
export function val(element: XmlElement | undefined, ...path: string[]): string | undefined {
  let current = element;
  for (const name of path) current = current ? child(current, name) : undefined;
  return current?.attributes['w:val'];
}

/** The text Word shows for an element: its w:t, tabs and breaks, not field instructions. */
export function textOf(element: XmlElement): string {
  let text = '';
  for (const node of element.children) {
    if (typeof node === 'string') continue;
    if (node.name === 'w:t') text += node.children.filter((part): part is string => typeof part === 'string').join('');
    else if (node.name === 'w:tab') text += '\t';
    else if (node.name === 'w:br') text += '\n';
    else if (node.name !== 'w:instrText' && node.name !== 'w:pPr' && node.name !== 'w:rPr') text += textOf(node);
  }
  return text;
}

/** The text directly inside an element, e.g. of `<dc:title>` or `<w:instrText>`. */
export function contentOf(element: XmlElement): string {
  return element.children.filter((node): node is string => typeof node === 'string').join('');
}

export function paragraphStyle(paragraph: XmlElement): string | undefined {
  return val(paragraph, 'w:pPr', 'w:pStyle');
}

export interface Docx {
  readonly bytes: Uint8Array;
  readonly files: Readonly<Record<string, Uint8Array>>;
  text(name: string): string;
  xml(name: string): XmlElement;
  /** The body of word/document.xml. */
  readonly body: XmlElement;
  /** Relationship targets of a part by id, e.g. of word/document.xml. */
  relationships(part: string): ReadonlyMap<string, { type: string; target: string; mode: string | undefined }>;
}

export function openDocx(bytes: Uint8Array): Docx {
  const files = unzipSync(bytes);
  const cache = new Map<string, XmlElement>();
  const text = (name: string): string => {
    const data = files[name];
    if (!data) throw new Error(`the package has no ${name}`);
    return strFromU8(data);
  };
  const xml = (name: string): XmlElement => {
    let parsed = cache.get(name);
    if (!parsed) {
      parsed = parseXml(text(name));
      cache.set(name, parsed);
    }
    return parsed;
  };
  const document = xml('word/document.xml');
  const body = child(document, 'w:body');
  if (!body) throw new Error('no w:body');
  return {
    bytes,
    files,
    text,
    xml,
    body,
    relationships(part) {
      const slash = part.lastIndexOf('/');
      const relsName = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
      return new Map(
        find(xml(relsName), 'Relationship').map((relationship) => [
          relationship.attributes['Id'] ?? '',
          { type: relationship.attributes['Type'] ?? '', target: relationship.attributes['Target'] ?? '', mode: relationship.attributes['TargetMode'] },
        ]),
      );
    },
  };
}

export async function readDocx(file: string): Promise<Docx> {
  return openDocx(new Uint8Array(await readFile(file)));
}
