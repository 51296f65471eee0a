/**
 * Launch URLs of SCORM items: xml:base + resource href, then the item's parameters joined as the
 * SCORM CAM describes (leading '?' and '&' removed; a '#fragment' is appended unless the URL already
 * has one; otherwise joined with '?' or '&'), and the package file that URL opens.
 */
import path from 'node:path';
import { PackageError } from './errors.js';

/** Joins xml:base values and an href, adding the '/' a base without one obviously meant. */
export function joinBase(bases: (string | undefined)[], href: string): string {
  let out = '';
  for (const b of bases) {
    const t = b?.trim().replace(/\\/g, '/');
    if (!t) continue;
    out += t.endsWith('/') ? t : `${t}/`;
  }
  return out + href.trim().replace(/\\/g, '/');
}

export function joinParameters(url: string, parameters: string | null | undefined): string {
  let p = (parameters ?? '').trim();
  while (p.startsWith('?') || p.startsWith('&')) p = p.slice(1);
  if (!p) return url;
  if (p.startsWith('#')) return url.includes('#') ? url : url + p;
  const hash = url.indexOf('#');
  const beforeHash = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? '' : url.slice(hash);
  const sep = !beforeHash.includes('?') ? '?' : /[?&]$/.test(beforeHash) ? '' : '&';
  return beforeHash + sep + p + fragment;
}

/**
 * The package file a launch URL opens: query and fragment removed, %-escapes decoded, path
 * normalized. A URL with a scheme, an absolute path or a way out of the package → MANIFEST_UNSAFE_HREF.
 */
export function launchFileOf(url: string): string {
  const unsafe = () => new PackageError('MANIFEST_UNSAFE_HREF', url);
  const bare = url.replace(/[?#].*$/s, '');
  if (/^[a-z][a-z0-9+.-]*:/i.test(bare) || bare.startsWith('/')) throw unsafe();
  let decoded: string;
  try {
    decoded = bare.split('/').map(decodeURIComponent).join('/');
  } catch {
    throw unsafe();
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(decoded) || decoded.includes('\\')) throw unsafe();
  const normal = path.posix.normalize(decoded).normalize('NFC'); // extracted names are NFC too
  if (normal === '.' || normal === '..' || normal.startsWith('../') || normal.startsWith('/') || normal.endsWith('/')) throw unsafe();
  return normal;
}
