/** Every domain module, each a Fastify plugin. Add a module here (see docs/architecture.md). */
import type { FastifyPluginAsync } from 'fastify';
import { unitsApi } from './units/api.js';
import { accountRoutes } from './accounts/routes.js';
import { oidcRoutes } from './accounts/oidc-routes.js';
import { pageRoutes } from './pages/routes.js';
import { unitAdminRoutes } from './units/admin-routes.js';
import { roleRoutes } from './roles/routes.js';
import { auditRoutes } from './audit/routes.js';
import { privacyRoutes } from './privacy/routes.js';
import { peopleModule } from './people/routes.js';
import { scormModule } from './scorm/index.js';
import { coursesModule } from './courses/routes.js';
import { enrolmentAdminModule } from './enrolment-admin/routes.js';
import { courseReportsModule } from './course-reports/routes.js';
import { skillsModule } from './skills/routes.js';
import { certificatesModule } from './certificates/routes.js';
import { quizzesModule } from './quizzes/routes.js';
import { contestsModule } from './contests/routes.js';
import { teamsModule } from './teams/routes.js';
import { ambassadorsModule } from './ambassadors/routes.js';
import { familiesModule } from './families/routes.js';
import { eventsModule } from './events/routes.js';
import { initiativesModule } from './initiatives/routes.js';
import { communityModule } from './community/routes.js';
import { reportingModule } from './reporting/routes.js';

export const modules: FastifyPluginAsync[] = [pageRoutes, unitsApi, accountRoutes, oidcRoutes, unitAdminRoutes, roleRoutes, auditRoutes, privacyRoutes, peopleModule, scormModule, coursesModule, enrolmentAdminModule, courseReportsModule, skillsModule, certificatesModule, quizzesModule, contestsModule, teamsModule, ambassadorsModule, familiesModule, eventsModule, initiativesModule, communityModule, reportingModule];
