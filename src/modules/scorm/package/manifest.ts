/**
 * imsmanifest.xml → a typed model of a SCORM 1.2 or 2004 package: version and edition, organizations
 * with their nested items (launch URL, mastery/passing score, time limit, launch data, completion
 * threshold, sequencing), and resources. Refuses what an LMS could not launch, with a PackageError
 * naming the element. Checking the launch files against the extracted files is `verifyLaunchFiles`.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { PackageError, formatBytes } from './errors.js';
import { joinBase, joinParameters, launchFileOf } from './launch-url.js';
import { type Sequencing, parseSequencingCollection, resolveSequencing } from './sequencing.js';
import { type XmlNode, attr, child, childText, children, decodeXml, parseXml } from './xml-tree.js';

export type ScormVersion = '1.2' | '2004';
export type Scorm2004Edition = '2nd' | '3rd' | '4th';
export type ScormType = 'sco' | 'asset';

export interface CompletionThreshold { completedByMeasure?: boolean; minProgressMeasure?: number; progressWeight?: number }

export interface ManifestItem {
  identifier: string;
  title: string;
  identifierref: string | null;
  /** The item's parameters attribute, as written. */
  parameters: string | null;
  isvisible: boolean;
  /** scormType of the referenced resource; null for an aggregation (no resource). */
  scormType: ScormType | null;
  /** Relative to the package root: xml:base + href + parameters. Null for an aggregation. */
  launchUrl: string | null;
  /** The package file the launch URL opens (decoded, no query): what must exist. */
  launchFile: string | null;
  /** SCORM 1.2 adlcp:masteryscore (0–100). */
  masteryScore: number | null;
  /** SCORM 2004 primary objective's minNormalizedMeasure when satisfiedByMeasure (-1…1). */
  scaledPassingScore: number | null;
  maxTimeAllowed: string | null;
  timeLimitAction: string | null;
  dataFromLMS: string | null;
  prerequisites: string | null;
  completionThreshold: CompletionThreshold | null;
  /** SCORM 2004 adlnav:hideLMSUI values (e.g. "continue", "previous"). */
  hideLMSUI: string[];
  sequencing: Sequencing | null;
  children: ManifestItem[];
}

export interface ManifestOrganization {
  identifier: string;
  title: string;
  objectivesGlobalToSystem: boolean;
  sharedDataGlobalToSystem: boolean;
  sequencing: Sequencing | null;
  items: ManifestItem[];
}

export interface ManifestResource {
  identifier: string;
  type: string;
  scormType: ScormType;
  href: string | null;
  /** Combined xml:base of manifest, resources and resource ('' when none). */
  base: string;
  files: string[];
  dependencies: string[];
}

export interface ManifestWarning { code: 'SCORMTYPE_MISSING' | 'DEPENDENCY_MISSING' | 'LISTED_FILE_MISSING'; detail: string }

export interface ScormManifest {
  identifier: string;
  version: ScormVersion;
  edition: Scorm2004Edition | null;
  schemaversion: string | null;
  /** The default organization's title. */
  title: string;
  defaultOrganization: string;
  organizations: ManifestOrganization[];
  resources: ManifestResource[];
  sequencingCollection: Record<string, Sequencing>;
  warnings: ManifestWarning[];
}

export const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;

function detectVersion(schemaversion: string | null, namespaces: Set<string>): { version: ScormVersion; edition: Scorm2004Edition | null } {
  const sv = (schemaversion ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  if (sv === '1.2') return { version: '1.2', edition: null };
  if (sv === 'cam 1.3' || /^2004 (2nd|second) edition$/.test(sv)) return { version: '2004', edition: '2nd' };
  if (/^2004 (3rd|third) edition$/.test(sv)) return { version: '2004', edition: '3rd' };
  if (/^2004 (4th|fourth) edition$/.test(sv)) return { version: '2004', edition: '4th' };
  if (sv === '2004' || sv === '1.3' || sv.startsWith('2004 ') || sv.startsWith('cam 1.3')) return { version: '2004', edition: null };
  if (sv.startsWith('1.2')) return { version: '1.2', edition: null };
  if (sv) throw new PackageError('MANIFEST_UNSUPPORTED_VERSION', schemaversion!.trim());
  // No <schemaversion>: the ADL namespaces decide; a plain IMS content package is read as SCORM 1.2.
  const uris = [...namespaces].map((u) => u.toLowerCase());
  if (uris.some((u) => u.includes('adlcp_rootv1p2'))) return { version: '1.2', edition: null };
  if (uris.some((u) => /adlcp_v1p3|imsss|adlseq|adlnav/.test(u))) return { version: '2004', edition: null };
  return { version: '1.2', edition: null };
}

function num(s: string | undefined): number | null {
  if (s === undefined || s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function parseResources(manifest: XmlNode, warnings: ManifestWarning[]): Map<string, ManifestResource> {
  const out = new Map<string, ManifestResource>();
  const group = child(manifest, 'resources');
  for (const r of group ? children(group, 'resource') : []) {
    const identifier = attr(r, 'identifier')?.trim();
    if (!identifier) continue; // an unreferenceable resource cannot matter
    if (out.has(identifier)) throw new PackageError('MANIFEST_DUPLICATE_IDENTIFIER', identifier);
    const declared = attr(r, 'adlcp:scormtype')?.trim().toLowerCase();
    if (declared !== 'sco' && declared !== 'asset') warnings.push({ code: 'SCORMTYPE_MISSING', detail: identifier });
    const bases = [attr(manifest, 'xml:base'), attr(group!, 'xml:base'), attr(r, 'xml:base')];
    const href = attr(r, 'href')?.trim() || null;
    out.set(identifier, {
      identifier,
      type: attr(r, 'type') ?? '',
      scormType: declared === 'asset' ? 'asset' : 'sco',
      href,
      base: joinBase(bases, ''),
      files: children(r, 'file').map((f) => joinBase(bases, attr(f, 'href') ?? '')).filter((f) => !f.endsWith('/')),
      dependencies: children(r, 'dependency').map((d) => attr(d, 'identifierref') ?? '').filter(Boolean),
    });
  }
  for (const r of out.values()) {
    for (const d of r.dependencies) if (!out.has(d)) warnings.push({ code: 'DEPENDENCY_MISSING', detail: `${r.identifier} → ${d}` });
  }
  return out;
}

interface Context {
  resources: Map<string, ManifestResource>;
  collection: Record<string, Sequencing>;
  ids: Set<string>;
}

function parseItem(node: XmlNode, ctx: Context): ManifestItem {
  const title = childText(node, 'title') ?? '';
  const identifier = attr(node, 'identifier')?.trim();
  if (!identifier) throw new PackageError('MANIFEST_ITEM_IDENTIFIER_MISSING', title || '?');
  if (ctx.ids.has(identifier)) throw new PackageError('MANIFEST_DUPLICATE_IDENTIFIER', identifier);
  ctx.ids.add(identifier);
  const identifierref = attr(node, 'identifierref')?.trim() || null;
  const parameters = attr(node, 'parameters') ?? null;
  let resource: ManifestResource | undefined;
  let launchUrl: string | null = null;
  let launchFile: string | null = null;
  if (identifierref) {
    resource = ctx.resources.get(identifierref);
    if (!resource) throw new PackageError('MANIFEST_RESOURCE_MISSING', identifier, { ref: identifierref });
    if (!resource.href) throw new PackageError('MANIFEST_LAUNCH_MISSING', identifier, { ref: identifierref });
    launchUrl = joinParameters(joinBase([resource.base], resource.href), parameters);
    launchFile = launchFileOf(joinBase([resource.base], resource.href));
  }
  const sequencing = resolveSequencing(node, ctx.collection, identifier);
  const primary = sequencing?.objectives?.primary;
  const ct = child(node, 'adlcp:completionThreshold');
  const ctText = num(ct?.text);
  const completionThreshold: CompletionThreshold | null = !ct
    ? null
    : ctText !== null
      ? { minProgressMeasure: ctText }
      : {
          ...(attr(ct, 'completedByMeasure') ? { completedByMeasure: attr(ct, 'completedByMeasure') === 'true' } : {}),
          ...(num(attr(ct, 'minProgressMeasure')) !== null ? { minProgressMeasure: num(attr(ct, 'minProgressMeasure'))! } : {}),
          ...(num(attr(ct, 'progressWeight')) !== null ? { progressWeight: num(attr(ct, 'progressWeight'))! } : {}),
        };
  const nav = child(child(node, 'adlnav:presentation') ?? node, 'adlnav:navigationInterface');
  return {
    identifier,
    title,
    identifierref,
    parameters,
    isvisible: attr(node, 'isvisible')?.trim() !== 'false',
    scormType: resource?.scormType ?? null,
    launchUrl,
    launchFile,
    masteryScore: num(childText(node, 'adlcp:masteryscore')),
    scaledPassingScore: primary?.satisfiedByMeasure ? (primary.minNormalizedMeasure ?? 1) : null,
    maxTimeAllowed: childText(node, 'adlcp:maxtimeallowed') ?? null,
    timeLimitAction: childText(node, 'adlcp:timelimitaction') ?? null,
    dataFromLMS: childText(node, 'adlcp:datafromlms') ?? null,
    prerequisites: childText(node, 'adlcp:prerequisites') ?? null,
    completionThreshold,
    hideLMSUI: nav ? children(nav, 'adlnav:hideLMSUI').map((h) => h.text.trim()).filter(Boolean) : [],
    sequencing,
    children: children(node, 'item').map((c) => parseItem(c, ctx)),
  };
}

/** Parses the text of imsmanifest.xml. Throws PackageError (MANIFEST_*) when it cannot be used. */
export function parseManifest(xml: string): ScormManifest {
  const { root, namespaces } = parseXml(xml);
  if (root.name !== 'manifest') throw new PackageError('MANIFEST_NOT_MANIFEST', root.name);
  const schemaversion = childText(child(root, 'metadata') ?? root, 'schemaversion') ?? null;
  const { version, edition } = detectVersion(schemaversion, namespaces);
  const warnings: ManifestWarning[] = [];
  const resources = parseResources(root, warnings);
  const collection = parseSequencingCollection(root);
  const orgsNode = child(root, 'organizations');
  const orgNodes = orgsNode ? children(orgsNode, 'organization') : [];
  if (orgNodes.length === 0) throw new PackageError('MANIFEST_NO_ORGANIZATION', '');
  orgNodes.forEach((o, i) => {
    if (!attr(o, 'identifier')?.trim()) throw new PackageError('MANIFEST_ORG_IDENTIFIER_MISSING', childText(o, 'title') ?? `#${i + 1}`);
  });
  const ctx: Context = { resources, collection, ids: new Set() };
  const organizations = orgNodes.map((o): ManifestOrganization => {
    const identifier = attr(o, 'identifier')!.trim();
    if (ctx.ids.has(identifier)) throw new PackageError('MANIFEST_DUPLICATE_IDENTIFIER', identifier);
    ctx.ids.add(identifier);
    return {
      identifier,
      title: childText(o, 'title') ?? identifier,
      objectivesGlobalToSystem: attr(o, 'adlseq:objectivesGlobalToSystem')?.trim() !== 'false',
      sharedDataGlobalToSystem: attr(o, 'adlcp:sharedDataGlobalToSystem')?.trim() !== 'false',
      sequencing: resolveSequencing(o, collection, identifier),
      items: children(o, 'item').map((item) => parseItem(item, ctx)),
    };
  });
  const wanted = attr(orgsNode!, 'default')?.trim();
  const defaultOrg = wanted ? organizations.find((o) => o.identifier === wanted) : organizations[0];
  if (!defaultOrg) throw new PackageError('MANIFEST_DEFAULT_ORG_MISSING', wanted!);
  if (!flattenItems(defaultOrg.items).some((i) => i.launchUrl)) throw new PackageError('MANIFEST_NO_ITEMS', defaultOrg.identifier);
  return {
    identifier: attr(root, 'identifier')?.trim() ?? '',
    version,
    edition,
    schemaversion,
    title: defaultOrg.title,
    defaultOrganization: defaultOrg.identifier,
    organizations,
    resources: [...resources.values()],
    sequencingCollection: collection,
    warnings,
  };
}

/** Items in document order, depth first. */
export function flattenItems(items: ManifestItem[]): ManifestItem[] {
  return items.flatMap((i) => [i, ...flattenItems(i.children)]);
}

/** The default organization's items that can be opened, in order. */
export function launchableItems(m: ScormManifest): ManifestItem[] {
  const org = m.organizations.find((o) => o.identifier === m.defaultOrganization)!;
  return flattenItems(org.items).filter((i) => i.launchUrl !== null);
}

/**
 * Where imsmanifest.xml is among the package's files: at the root, exactly. Otherwise
 * MANIFEST_NOT_AT_ROOT naming the sub-folder that holds one, or MANIFEST_MISSING.
 */
export function locateManifest(files: readonly string[]): string {
  if (files.includes('imsmanifest.xml')) return 'imsmanifest.xml';
  const nested = files.filter((f) => /^[^/]+\/imsmanifest\.xml$/i.test(f)).sort();
  if (nested.length > 0) throw new PackageError('MANIFEST_NOT_AT_ROOT', nested[0].slice(0, nested[0].indexOf('/')));
  const wrongCase = files.find((f) => f.toLowerCase() === 'imsmanifest.xml');
  throw new PackageError('MANIFEST_MISSING', wrongCase ?? '');
}

/** Reads and parses `dir`/imsmanifest.xml (size-limited). */
export async function readManifest(dir: string, maxBytes = MAX_MANIFEST_BYTES): Promise<ScormManifest> {
  const file = path.join(dir, 'imsmanifest.xml');
  const { size } = await fsp.stat(file).catch(() => {
    throw new PackageError('MANIFEST_MISSING', '');
  });
  if (size > maxBytes) throw new PackageError('MANIFEST_TOO_LARGE', formatBytes(size), { limit: formatBytes(maxBytes) });
  return parseManifest(decodeXml(await fsp.readFile(file)));
}

/**
 * Every item's launch file must be one of the package's files (exact, case-sensitive match: the
 * server is). Missing → MANIFEST_FILE_MISSING naming it. Files listed in <file> but absent are warnings.
 */
export function verifyLaunchFiles(m: ScormManifest, packageFiles: Iterable<string>): void {
  const files = new Set(packageFiles);
  for (const org of m.organizations) {
    for (const item of flattenItems(org.items)) {
      if (item.launchFile && !files.has(item.launchFile)) throw new PackageError('MANIFEST_FILE_MISSING', item.launchFile, { item: item.identifier });
    }
  }
  for (const r of m.resources) {
    for (const f of r.files) {
      let file: string;
      try {
        file = launchFileOf(f);
      } catch {
        continue;
      }
      if (!files.has(file) && m.warnings.length < 50) m.warnings.push({ code: 'LISTED_FILE_MISSING', detail: file });
    }
  }
}
