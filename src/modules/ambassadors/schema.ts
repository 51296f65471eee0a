/** TypeBox schemas of the digital ambassadors API (the shapes service.ts presents). */
import { Type } from '@sinclair/typebox';

const Totals = Type.Object({
  mentors: Type.Integer(),
  mentees: Type.Integer(),
  target: Type.Integer({ description: 'mentors × the target per mentor' }),
  mentorsAtTarget: Type.Integer(),
  menteesCompleted: Type.Integer({ description: 'Mentees who completed at least one course' }),
  menteesAttained: Type.Integer({ description: 'Mentees meeting the basic digital skills rule' }),
});

export const NetworkSchema = Type.Object({
  target: Type.Integer({ description: 'Mentees per mentor' }),
  ruleSet: Type.Boolean(),
  totals: Totals,
  mentors: Type.Array(
    Type.Object({
      mentorId: Type.Integer(),
      fullName: Type.String(),
      unitName: Type.String(),
      mentees: Type.Integer(),
      completed: Type.Integer(),
      attained: Type.Integer(),
      belowTarget: Type.Boolean(),
    }),
  ),
});

export const MentorDashboardSchema = Type.Object({
  target: Type.Integer(),
  ruleSet: Type.Boolean(),
  mentees: Type.Array(
    Type.Object({
      userId: Type.Integer(),
      fullName: Type.String(),
      unitName: Type.String(),
      joinedAt: Type.String(),
      enrolled: Type.Integer(),
      started: Type.Integer(),
      completed: Type.Integer(),
      attained: Type.Boolean(),
    }),
  ),
  invitations: Type.Array(Type.Object({ id: Type.Integer(), createdAt: Type.String(), expiresAt: Type.String() })),
});

export const MenteeDetailSchema = Type.Object({
  userId: Type.Integer(),
  fullName: Type.String(),
  unitName: Type.String(),
  joinedAt: Type.String(),
  ruleSet: Type.Boolean(),
  attained: Type.Boolean(),
  courses: Type.Array(
    Type.Object({
      courseId: Type.Integer(),
      title: Type.String(),
      status: Type.String(),
      enrolledAt: Type.String(),
      startedAt: Type.Union([Type.String(), Type.Null()]),
      completedAt: Type.Union([Type.String(), Type.Null()]),
      required: Type.Integer(),
      done: Type.Integer(),
    }),
  ),
});

export const MenteeParams = Type.Object({ userId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
export const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
