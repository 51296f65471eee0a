/**
 * The competence and theme lists every course page, filter and form shows. They change only when the
 * reference CSVs are reloaded, so each process keeps them for a few minutes (one copy per database):
 * the catalogue then needs no query for its filter lists.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Lang } from '../../core/i18n.js';

export interface Competence {
  code: string;
  domain: number;
  domainName: Record<Lang, string>;
  name: Record<Lang, string>;
}
export interface Theme {
  id: number;
  name: Record<Lang, string>;
  competences: string[];
}
export interface ReferenceLists {
  competences: Competence[];
  themes: Theme[];
  competenceByCode: Map<string, Competence>;
  themeById: Map<number, Theme>;
}

const TTL_MS = 5 * 60_000;
const cache = new WeakMap<Kysely<DB>, { at: number; lists: Promise<ReferenceLists> }>();

async function load(db: Kysely<DB>): Promise<ReferenceLists> {
  const [competenceRows, themeRows] = await Promise.all([
    db.selectFrom('competences').selectAll().execute(),
    db.selectFrom('learning_themes').selectAll().orderBy('id').execute(),
  ]);
  const competences = competenceRows
    .map((c) => ({ code: c.code, domain: c.domain, domainName: { vi: c.domain_vi, en: c.domain_en }, name: { vi: c.name_vi, en: c.name_en } }))
    .sort((a, b) => a.domain - b.domain || Number(a.code.split('.')[1]) - Number(b.code.split('.')[1]));
  const themes = themeRows.map((t) => ({ id: t.id, name: { vi: t.name_vi, en: t.name_en }, competences: t.competences.split(';').filter(Boolean) }));
  return {
    competences,
    themes,
    competenceByCode: new Map(competences.map((c) => [c.code, c])),
    themeById: new Map(themes.map((t) => [t.id, t])),
  };
}

export function referenceLists(db: Kysely<DB>): Promise<ReferenceLists> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.lists;
  const lists = load(db);
  cache.set(db, { at: Date.now(), lists });
  lists.catch(() => cache.delete(db));
  return lists;
}

/** Competences grouped by domain, in framework order (for checkboxes and <optgroup>s). */
export function byDomain(competences: Competence[]): Array<{ domain: number; name: Record<Lang, string>; items: Competence[] }> {
  const groups: Array<{ domain: number; name: Record<Lang, string>; items: Competence[] }> = [];
  for (const c of competences) {
    const last = groups[groups.length - 1];
    if (last?.domain === c.domain) last.items.push(c);
    else groups.push({ domain: c.domain, name: c.domainName, items: [c] });
  }
  return groups;
}
