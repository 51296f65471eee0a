/** TypeBox schemas of the skills API. */
import { Type } from '@sinclair/typebox';

const Named = Type.Object({ vi: Type.String(), en: Type.String() });

export const SkillProfileSchema = Type.Object(
  {
    attained: Type.Integer({ description: 'Competences attained' }),
    total: Type.Integer({ description: 'Competences in the framework' }),
    domains: Type.Array(
      Type.Object({
        domain: Type.Integer(),
        name: Named,
        attained: Type.Integer(),
        competences: Type.Array(
          Type.Object({
            code: Type.String(),
            name: Named,
            attained: Type.Boolean(),
            courses: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String() })),
          }),
        ),
      }),
    ),
    basicSkills: Type.Object({
      configured: Type.Boolean({ description: 'False while the city has not set its rule' }),
      met: Type.Boolean({ description: '“Đã đạt phổ cập kỹ năng số”' }),
      mode: Type.Union([Type.Literal('all'), Type.Literal('any')]),
      courses: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), completed: Type.Boolean() })),
      competences: Type.Array(Type.Object({ code: Type.String(), name: Named, covered: Type.Boolean() })),
    }),
  },
  { $id: 'SkillProfile' },
);

export const BasicRuleSchema = Type.Object(
  {
    courses: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200, description: 'Course ids' }),
    mode: Type.Union([Type.Literal('all'), Type.Literal('any')], { description: 'all: every course completed; any: at least one' }),
    competences: Type.Array(Type.String({ maxLength: 16 }), { maxItems: 100, description: 'Competence codes that must all be covered' }),
  },
  { additionalProperties: false },
);

export const BasicRuleResponse = Type.Object({ rule: Type.Union([BasicRuleSchema, Type.Null()]) });
