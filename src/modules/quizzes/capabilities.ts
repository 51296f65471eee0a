import { declareCapabilities } from '../../core/policy.js';

/** Question banks and quizzes: held by content managers at their unit and every unit below it. */
declareCapabilities({ 'quiz:manage': ['content_manager'] });

export const QUIZ_MANAGE = 'quiz:manage';
