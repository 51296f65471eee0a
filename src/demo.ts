/**
 * Demo data on the first start (DEMO_COURSE, default on): each loader runs only when its own tables are empty,
 * so a restart or a real deployment that already has data is left alone. Order matters: the teams' demo creates
 * the residential groups and villages the families, ambassadors and events demos use.
 */
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { DB } from './db/schema.js';
import { ensureDemoCourse } from './modules/scorm/demo.js';
import { ensureDemoContest } from './modules/contests/demo.js';
import { ensureDemoTeams } from './modules/teams/demo.js';
import { ensureDemoAmbassadors } from './modules/ambassadors/demo.js';
import { ensureDemoFamilies } from './modules/families/demo.js';
import { ensureDemoEvents } from './modules/events/demo.js';
import { ensureDemoInitiatives } from './modules/initiatives/demo.js';
import { BASIC_SKILLS_KEY, loadBasicSkillsRule } from './modules/skills/basic-skills.js';
import { saveSetting } from './modules/skills/repository.js';

interface Log {
  info(obj: object, msg: string): void;
}

export async function loadDemoData(db: Kysely<DB>, config: Config, log: Log): Promise<void> {
  if (!config.demoCourse) return;
  const loaders: Array<[string, () => Promise<number | null>]> = [
    ['demo course (SCORM lesson "Nhận diện tin giả")', () => ensureDemoCourse(db, config)],
    ['demo contest (/cuoc-thi/cong-dan-so-hai-phong)', () => ensureDemoContest(db, config)],
    ['demo digital technology teams', () => ensureDemoTeams(db, config)],
    ['demo digital ambassadors', () => ensureDemoAmbassadors(db, config)],
    ['demo digital families', () => ensureDemoFamilies(db, config)],
    ['demo learning days and events', () => ensureDemoEvents(db, config)],
    ['demo initiatives', () => ensureDemoInitiatives(db, config)],
  ];
  for (const [what, load] of loaders) {
    const loaded = await load();
    if (loaded) log.info({ loaded }, `${what} loaded`);
    // With the demo course just made and no rule yet, "basic digital skills attained" = the demo course completed,
    // so that the ambassadors' and families' demos (loaded next) show people and households that meet it.
    if (loaded && load === loaders[0][1] && !(await loadBasicSkillsRule(db))) {
      await saveSetting(db, BASIC_SKILLS_KEY, JSON.stringify({ courses: [loaded], mode: 'all', competences: [] }), null);
      log.info({ courseId: loaded }, 'demo basic digital skills rule set: the demo course completed');
    }
  }
}
