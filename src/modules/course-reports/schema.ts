/** TypeBox schemas of the course reports API (the shapes service.ts presents). */
import { Type } from '@sinclair/typebox';
import { StringEnum } from '../../core/schemas.js';
import { LEARNER_STATUSES } from './repository.js';

const oneOf = <T extends string>(values: T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);

const TotalsProps = {
  enrolled: Type.Integer(),
  started: Type.Integer(),
  completed: Type.Integer(),
  completionRate: Type.Number({ description: 'completed / enrolled, 0..1' }),
  averageScore: Nullable(Type.Number({ description: 'Mean of the learners’ scores, 0–100' })),
};

export const CourseListSchema = Type.Object({
  items: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), status: Type.String(), ...TotalsProps })),
});

export const CourseReportSchema = Type.Object({
  course: Type.Object({ id: Type.Integer(), title: Type.String(), status: Type.String() }),
  totals: Type.Object(TotalsProps),
  byUnit: Type.Array(
    Type.Object({ unit: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()], { description: 'Commune-level unit; null = city level' }), ...TotalsProps }),
  ),
  byGroup: Type.Array(Type.Object({ targetGroup: Type.String(), ...TotalsProps })),
});

const LearnerSchema = Type.Object({
  userId: Type.Integer(),
  fullName: Type.String(),
  unitName: Type.String(),
  targetGroup: Type.String(),
  status: StringEnum(LEARNER_STATUSES),
  enrolledAt: Type.String(),
  completedAt: Type.Union([Type.String(), Type.Null()]),
  score: Nullable(Type.Number()),
  timeSeconds: Type.Integer(),
  lastActivityAt: Type.Union([Type.String(), Type.Null()]),
});

export const LearnersPageSchema = Type.Object({
  items: Type.Array(LearnerSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pages: Type.Integer(),
});

const Str = Type.Union([Type.String(), Type.Null()]);

export const LearnerDetailSchema = Type.Object({
  course: Type.Object({ id: Type.Integer(), title: Type.String() }),
  learner: LearnerSchema,
  activities: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      type: Type.String(),
      required: Type.Boolean(),
      status: Type.String(),
      score: Nullable(Type.Number()),
      timeSeconds: Type.Integer(),
      updatedAt: Str,
    }),
  ),
  scorm: Type.Array(
    Type.Object({
      activityId: Type.Integer(),
      activityTitle: Type.String(),
      scoId: Type.String(),
      attempt: Type.Integer(),
      completionStatus: Str,
      successStatus: Str,
      score: Nullable(Type.Number()),
      totalTimeSeconds: Type.Integer(),
      updatedAt: Type.String(),
      interactions: Type.Array(Type.Object({ id: Type.String(), type: Str, result: Str, response: Str, at: Str })),
    }),
  ),
});

export const CourseParams = Type.Object({ courseId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
export const LearnerParams = Type.Object({ courseId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), userId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
export const ReportQuery = Type.Object({ unit: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false });
export const LearnersQuery = Type.Object(
  {
    unit: Type.Optional(Type.String({ maxLength: 64 })),
    status: Type.Optional(oneOf(['', ...LEARNER_STATUSES])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
