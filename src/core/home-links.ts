/**
 * Links on the learner home (/hoc-tap) that depend on what a person does in the community rather than on a role
 * (a mentor of digital ambassadors, a member of a digital technology team). Modules register a function that says
 * whether the person gets the link; the learner home shows those that do, in registration order.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Actor } from './policy.js';

export interface HomeLink {
  href: string;
  /** i18n keys of the link text and its one-line explanation. */
  title: string;
  text: string;
}

type LinkSource = (db: Kysely<DB>, actor: Actor) => Promise<HomeLink | undefined>;

const sources: LinkSource[] = [];

export function registerHomeLink(source: LinkSource): void {
  sources.push(source);
}

export async function homeLinks(db: Kysely<DB>, actor: Actor): Promise<HomeLink[]> {
  const links = await Promise.all(sources.map((s) => s(db, actor)));
  return links.filter((l): l is HomeLink => l !== undefined);
}
