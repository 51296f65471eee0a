/**
 * The digital competence framework and the learning themes (reference/framework/*.csv), loaded on
 * start when their tables are empty. Idempotent: a second start, or a second instance, changes nothing.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

const FRAMEWORK = new URL('../../../reference/framework/', import.meta.url);

function readCsv(name: string): Record<string, string>[] {
  const text = fs.readFileSync(new URL(name, FRAMEWORK), 'utf8').replace(/^\uFEFF/, '');
  return parse(text, { columns: true, skip_empty_lines: true, trim: true });
}

export function competenceRows() {
  return readCsv('digital-competences.csv').map((r) => {
    if (!/^\d+\.\d+$/.test(r.code ?? '') || !r.name_vi || !r.name_en) throw new Error(`digital-competences.csv: bad row ${JSON.stringify(r)}`);
    return { code: r.code, domain: Number(r.domain), domain_vi: r.domain_vi, domain_en: r.domain_en, name_vi: r.name_vi, name_en: r.name_en };
  });
}

export function themeRows(knownCompetences: Set<string>) {
  return readCsv('learning-themes.csv').map((r) => {
    const codes = (r.competences ?? '').split(';').map((c) => c.trim()).filter(Boolean);
    const unknown = codes.filter((c) => !knownCompetences.has(c));
    if (!/^\d+$/.test(r.theme ?? '') || !r.name_vi || unknown.length) throw new Error(`learning-themes.csv: bad row ${JSON.stringify(r)}`);
    return { id: Number(r.theme), name_vi: r.name_vi, name_en: r.name_en, competences: codes.join(';') };
  });
}

/** Loads whichever of the two tables is empty; returns how many rows were inserted. */
export async function ensureLearningReference(db: Kysely<DB>): Promise<{ competences: number; themes: number }> {
  const count = async (conn: Kysely<DB>, table: 'competences' | 'learning_themes') =>
    Number((await conn.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const competences = competenceRows();
  const themes = themeRows(new Set(competences.map((c) => c.code)));
  const inserted = { competences: 0, themes: 0 };
  await db.transaction().execute(async (trx) => {
    if ((await count(trx, 'competences')) === 0) {
      // Two instances starting at once: the primary key keeps one copy.
      await trx.insertInto('competences').values(competences).onConflict((oc) => oc.column('code').doNothing()).execute();
      inserted.competences = competences.length;
    }
    if ((await count(trx, 'learning_themes')) === 0) {
      await trx.insertInto('learning_themes').values(themes).onConflict((oc) => oc.column('id').doNothing()).execute();
      inserted.themes = themes.length;
    }
  });
  return inserted;
}
