/** The quizzes module: question banks and quizzes (/quan-tri), the quiz activity (/hoc-tap/quiz), the attempts API. */
import type { FastifyInstance } from 'fastify';
import { bankAdminRoutes } from './admin-routes.js';
import { quizAdminRoutes } from './quiz-admin-routes.js';
import { quizLearnerRoutes } from './learner-routes.js';
import { quizApi } from './api.js';
import './capabilities.js';
import './messages.js';

export async function quizzesModule(app: FastifyInstance) {
  await bankAdminRoutes(app);
  await quizAdminRoutes(app);
  await quizLearnerRoutes(app);
  await quizApi(app);
}
