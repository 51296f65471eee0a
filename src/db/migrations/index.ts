/**
 * One set of migrations for SQLite and PostgreSQL. Each migration receives the dialect so that
 * the few types that differ (auto-increment ids, timestamps) are chosen in one place: `types`.
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.js';
import { m001Foundation } from './001-foundation.js';
import { m002PeopleImport } from './002-people-import.js';
import { m003Learning } from './003-learning.js';
import { m004CoursesCatalogue } from './004-courses-catalogue.js';
import { m005ScormTracking } from './005-scorm-tracking.js';
import { m006SkillsCertificates } from './006-skills-certificates.js';
import { m007Quizzes } from './007-quizzes.js';
import { m008Contests } from './008-contests.js';
import { m009ScormLastPage } from './009-scorm-last-page.js';
import { m010CommunityTeams } from './010-community-teams.js';
import { m011Ambassadors } from './011-ambassadors.js';
import { m012DigitalFamilies } from './012-digital-families.js';
import { m013Events } from './013-events.js';
import { m014Initiatives } from './014-initiatives.js';
import { m015ReportingFilings } from './015-reporting-filings.js';
import { m016BasicSkillsAttained } from './016-basic-skills-attained.js';

export interface ColumnTypes {
  /** Auto-increment primary key column type. */
  id: 'serial' | 'integer';
  ts: 'timestamptz' | 'text';
}

export function columnTypes(dialect: Dialect): ColumnTypes {
  return dialect === 'postgres' ? { id: 'serial', ts: 'timestamptz' } : { id: 'integer', ts: 'text' };
}

export type MigrationFactory = (types: ColumnTypes) => { up(db: Kysely<any>): Promise<void> };

const ordered: Array<[string, MigrationFactory]> = [
  ['001-foundation', m001Foundation],
  ['002-people-import', m002PeopleImport],
  ['003-learning', m003Learning],
  ['004-courses-catalogue', m004CoursesCatalogue],
  ['005-scorm-tracking', m005ScormTracking],
  ['006-skills-certificates', m006SkillsCertificates],
  ['007-quizzes', m007Quizzes],
  ['008-contests', m008Contests],
  ['009-scorm-last-page', m009ScormLastPage],
  ['010-community-teams', m010CommunityTeams],
  ['011-ambassadors', m011Ambassadors],
  ['012-digital-families', m012DigitalFamilies],
  ['013-events', m013Events],
  ['014-initiatives', m014Initiatives],
  ['015-reporting-filings', m015ReportingFilings],
  ['016-basic-skills-attained', m016BasicSkillsAttained],
];

export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  const types = columnTypes(dialect);
  return Object.fromEntries(ordered.map(([name, make]) => [name, make(types)]));
}
