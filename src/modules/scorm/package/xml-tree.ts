/**
 * imsmanifest.xml as a small element tree with namespace prefixes made canonical. Manifests bind
 * the same namespaces to different prefixes (adlcp:, adlcp2:, a default namespace...), so each
 * element and attribute name is rewritten from its declared namespace URI to one fixed prefix:
 * '' (IMS content packaging), 'adlcp', 'imsss', 'adlseq', 'adlnav', 'xml', 'lom' or 'nsN' for others.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PackageError } from './errors.js';

export interface XmlNode {
  /** Canonical name: "item", "adlcp:masteryscore", "imsss:sequencing"... */
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Concatenated text content (untrimmed). */
  text: string;
}

export interface XmlDocument {
  root: XmlNode;
  /** Every namespace URI declared in the document. */
  namespaces: Set<string>;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

function canonicalPrefix(uri: string, unknown: Map<string, string>): string {
  const u = uri.toLowerCase();
  if (u === XML_NS.toLowerCase()) return 'xml';
  if (u.includes('imscp') || u.includes('imsproject.org/xsd/imscp')) return '';
  if (u.includes('adlcp')) return 'adlcp';
  if (u.includes('imsss')) return 'imsss';
  if (u.includes('adlseq')) return 'adlseq';
  if (u.includes('adlnav')) return 'adlnav';
  if (u.includes('lom') || u.includes('imsmd')) return 'lom';
  if (!unknown.has(u)) unknown.set(u, `ns${unknown.size + 1}`);
  return unknown.get(u)!;
}

/** Text from bytes: a BOM or the XML declaration's encoding decides; UTF-8 otherwise. */
export function decodeXml(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return Buffer.from(buf.subarray(2)).swap16().toString('utf16le');
  const declared = /^<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(buf.subarray(0, 200).toString('latin1'))?.[1]?.toLowerCase();
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    try {
      return new TextDecoder(declared).decode(buf);
    } catch {
      /* unknown label: fall through to UTF-8 */
    }
  }
  return buf.toString('utf8');
}

type Ordered = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: { enabled: true, maxEntityCount: 100, maxEntitySize: 10_000, maxExpandedLength: 100_000 },
});

/** Parses and normalizes; malformed XML → MANIFEST_MALFORMED with the parser's line and column. */
export function parseXml(xml: string): XmlDocument {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new PackageError('MANIFEST_MALFORMED', msg, { line, col });
  }
  let ordered: Ordered[];
  try {
    ordered = parser.parse(xml) as Ordered[];
  } catch (e) {
    throw new PackageError('MANIFEST_MALFORMED', (e as Error).message, { line: '?', col: '?' });
  }
  const namespaces = new Set<string>();
  const unknown = new Map<string, string>();
  const roots = ordered.map((o) => convert(o, new Map([['xml', XML_NS]]), namespaces, unknown)).filter((n): n is XmlNode => n !== null);
  if (roots.length !== 1) throw new PackageError('MANIFEST_MALFORMED', 'the document must have exactly one root element', { line: 1, col: 1 });
  return { root: roots[0], namespaces };
}

function convert(o: Ordered, scope: Map<string, string>, namespaces: Set<string>, unknown: Map<string, string>): XmlNode | null {
  const tag = Object.keys(o).find((k) => k !== ':@');
  if (!tag || tag === '#text' || tag.startsWith('?') || tag.startsWith('!')) return null;
  const rawAttrs = (o[':@'] ?? {}) as Record<string, string>;
  let inner = scope;
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (inner === scope) inner = new Map(scope);
      inner.set(k === 'xmlns' ? '' : k.slice(6), v);
      namespaces.add(v);
    }
  }
  const rename = (qname: string, isAttr: boolean): string => {
    const i = qname.indexOf(':');
    const prefix = i < 0 ? '' : qname.slice(0, i);
    const local = i < 0 ? qname : qname.slice(i + 1);
    if (isAttr && i < 0) return local; // unprefixed attributes have no namespace
    const uri = inner.get(prefix);
    const canon = uri !== undefined ? canonicalPrefix(uri, unknown) : prefix.toLowerCase(); // unbound: trust the prefix
    return canon ? `${canon}:${local}` : local;
  };
  const attrs: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k !== 'xmlns' && !k.startsWith('xmlns:')) attrs[rename(k, true)] = v;
  }
  const node: XmlNode = { name: rename(tag, false), attrs, children: [], text: '' };
  for (const child of (o[tag] ?? []) as Ordered[]) {
    if ('#text' in child) node.text += String(child['#text']);
    else {
      const c = convert(child, inner, namespaces, unknown);
      if (c) node.children.push(c);
    }
  }
  return node;
}

/** First child with this canonical name (case-insensitive: SCORM 1.2 writes adlcp:masteryscore, 2004 adlcp:timeLimitAction). */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  const n = name.toLowerCase();
  return node.children.find((c) => c.name.toLowerCase() === n);
}

export function children(node: XmlNode, name: string): XmlNode[] {
  const n = name.toLowerCase();
  return node.children.filter((c) => c.name.toLowerCase() === n);
}

/** Attribute by canonical name, case-insensitively (adlcp:scormtype vs adlcp:scormType). */
export function attr(node: XmlNode, name: string): string | undefined {
  if (name in node.attrs) return node.attrs[name];
  const n = name.toLowerCase();
  const key = Object.keys(node.attrs).find((k) => k.toLowerCase() === n);
  return key === undefined ? undefined : node.attrs[key];
}

/** Trimmed text of a child element, or undefined when absent or empty. */
export function childText(node: XmlNode, name: string): string | undefined {
  const t = child(node, name)?.text.trim();
  return t ? t : undefined;
}
