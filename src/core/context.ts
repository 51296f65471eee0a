/** What every request carries once the core hooks ran, and the app-wide services. */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { DB } from '../db/schema.js';
import type { Dialect } from '../db/database.js';
import type { Actor } from './policy.js';
import type { Lang } from './i18n.js';
import type { MessagePort } from './messaging.js';

export interface Services {
  config: Config;
  db: Kysely<DB>;
  dialect: Dialect;
  messages: MessagePort;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
  interface FastifyRequest {
    actor: Actor | undefined;
    lang: Lang;
    largeText: boolean;
  }
  interface FastifyContextConfig {
    access?: import('./policy.js').Access;
    /** Set false on the rare unsafe route that must not require a CSRF token (none yet). */
    csrf?: boolean;
    /**
     * The route only needs who the caller is (not fresh role grants): the session lookup may come from
     * the in-process cache (SESSION_CACHE_SECONDS, see core/sessions.ts). Used by SCORM commits.
     */
    sessionCache?: boolean;
  }
}
