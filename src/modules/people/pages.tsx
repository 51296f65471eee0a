/** HTML pages: the people list with its filters and one person's page. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { canAnywhere } from '../../core/policy.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { PeopleQuery, PersonParams } from './schema.js';
import { READ, findPeople, getPerson, unitsInScope } from './service.js';
import { PeopleListPage, PersonPage } from './views.js';

export async function peoplePages(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;
  const access = { capability: READ };

  app.get('/quan-tri/nguoi-dung', { config: { access }, schema: { hide: true, querystring: PeopleQuery } }, async (req, reply) => {
    const { q, unit, group, status } = req.query;
    const page = await findPeople(db, req.actor, req.query);
    const units = await unitsInScope(db, req.actor);
    return sendPage(
      reply,
      <PeopleListPage
        ctx={viewCtx(req, reply)}
        units={units}
        filters={{ q, unit, group, status }}
        page={page}
        canImport={canAnywhere(req.actor, 'people:import')}
      />,
    );
  });

  app.get('/quan-tri/nguoi-dung/:id', { config: { access }, schema: { hide: true, params: PersonParams } }, async (req, reply) => {
    const person = await getPerson(db, req.actor, req.params.id);
    return sendPage(reply, <PersonPage ctx={viewCtx(req, reply)} person={person} />);
  });
}
