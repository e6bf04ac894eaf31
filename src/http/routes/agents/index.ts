import { actorOf } from '../../actor.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AgentNotFound } from '../../../domain/errors.js';
import { agentTopic } from '../../../domain/handoff-events.js';
import { pumpEvents } from '../../event-stream.js';
import { SseStream } from '../../sse.js';
import type { AppContext } from '../../../composition-root.js';

const Id = z.object({ id: z.string().min(1).max(100) });
const AgentConversation = z.object({ id: z.string().min(1).max(100), conversationId: z.string().min(1).max(100) });
const Skills = z.record(z.string().min(1).max(50), z.number().int().min(1).max(5)).describe('Skill name → level 1 (can help) … 5 (expert)');
const Languages = z.array(z.enum(['zh', 'en'])).max(10);
const Status = z.enum(['online', 'busy', 'away', 'offline']);
const Team = z.string().trim().min(1).max(100).describe('班组 / team, for the per-team analytics');

const routes: FastifyPluginAsyncZod = async (app) => {
  const requireAgent = async (ctx: AppContext, id: string) => {
    const agent = await ctx.agents.get(id);
    if (!agent) throw new AgentNotFound(`Agent ${id} not found`);
    return agent;
  };

  app.post('/', { config: { roles: [] },
    schema: {
      tags: ['agents'],
      summary: 'Create an agent (skills must be in HANDOFF_SKILLS: 422 UNKNOWN_SKILL otherwise)',
      body: z.object({
        name: z.string().trim().min(1).max(200),
        skills: Skills.default({}),
        languages: Languages.default([]),
        maxConcurrent: z.number().int().min(1).max(100).default(3),
        team: Team.nullable().optional(),
        status: Status.default('offline'),
        metadata: z.record(z.string(), z.unknown()).optional(),
      }),
    },
  }, async (req, reply) => reply.status(201).send(await req.tenant.manageAgents.create(req.body, { actor: actorOf(req) })));

  app.get('/', { config: { roles: ['agent'] }, schema: { tags: ['agents'], summary: 'All agents with status and load' } }, async (req) => ({ agents: await req.tenant.manageAgents.list() }));

  app.get('/:id', { config: { roles: ['agent'] },
    schema: { tags: ['agents'], summary: 'An agent, with time spent idle (online), busy and away', params: Id },
  }, async (req) => req.tenant.manageAgents.get(req.params.id));

  app.patch('/:id', { config: { roles: [] },
    schema: {
      tags: ['agents'],
      summary: 'Change name, skills, languages, capacity or team (team null: no team)',
      params: Id,
      body: z.object({
        name: z.string().trim().min(1).max(200).optional(),
        skills: Skills.optional(),
        languages: Languages.optional(),
        maxConcurrent: z.number().int().min(1).max(100).optional(),
        team: Team.nullable().optional(),
        metadata: z.record(z.string(), z.unknown()).optional(),
      }),
    },
  }, async (req) => req.tenant.manageAgents.update(req.params.id, req.body));

  app.delete('/:id', { config: { roles: [] },
    schema: { tags: ['agents'], summary: 'Delete an agent (409 while they hold conversations)', params: Id },
  }, async (req, reply) => {
    await req.tenant.manageAgents.remove(req.params.id, { actor: actorOf(req) });
    return reply.status(204).send();
  });

  app.put('/:id/status', { config: { roles: ['agent'] },
    schema: {
      tags: ['agents'],
      summary: 'Set status: online (示闲, receives conversations), busy (示忙), away, offline',
      params: Id,
      body: z.object({ status: Status }),
    },
  }, async (req) => req.tenant.setAgentStatus(req.params.id, req.body.status));

  app.get('/:id/conversations', { config: { roles: ['agent'] },
    schema: { tags: ['agents'], summary: 'Conversations assigned to the agent, with their handoff packets', params: Id },
  }, async (req) => {
    await requireAgent(req.tenant, req.params.id);
    return { handoffs: await req.tenant.handoffs.assignedTo(req.params.id) };
  });

  app.post('/:id/claim', { config: { roles: ['agent'] },
    schema: {
      tags: ['agents'],
      summary: 'Take a queued conversation or accept one offered: of two agents claiming at once exactly one wins (409 CONVERSATION_TAKEN)',
      params: Id,
      body: z.object({ conversationId: z.string().min(1).max(100) }),
    },
  }, async (req) => {
    await requireAgent(req.tenant, req.params.id);
    return req.tenant.claimConversation(req.params.id, req.body.conversationId);
  });

  app.post('/:id/conversations/:conversationId/messages', { config: { roles: ['agent'] },
    schema: {
      tags: ['agents'],
      summary: "Reply to the customer (403 NOT_ASSIGNED_AGENT unless the conversation is assigned to this agent)",
      params: AgentConversation,
      body: z.object({ content: z.string() }),
    },
  }, async (req, reply) => {
    await requireAgent(req.tenant, req.params.id);
    return reply.status(201).send(await req.tenant.replyAsAgent(req.params.id, req.params.conversationId, req.body.content));
  });

  app.post('/:id/conversations/:conversationId/transfer', { config: { roles: ['agent'] },
    schema: {
      tags: ['agents'],
      summary: 'Transfer to another agent (who must accept) or to a skill (re-queued)',
      params: AgentConversation,
      body: z.object({ toAgentId: z.string().min(1).max(100).optional(), skill: z.string().min(1).max(50).optional(), note: z.string().max(500).optional() }),
    },
  }, async (req) => {
    await requireAgent(req.tenant, req.params.id);
    return req.tenant.transferConversation(req.params.id, req.params.conversationId, { agentId: req.body.toAgentId, skill: req.body.skill, note: req.body.note });
  });

  app.post('/:id/conversations/:conversationId/resolve', { config: { roles: ['agent'] },
    schema: {
      tags: ['agents'],
      summary: 'Resolve (the customer may then rate it), or hand it back to the bot with toBot',
      params: AgentConversation,
      body: z.object({ note: z.string().max(500).optional(), toBot: z.boolean().default(false) }).default({ toBot: false }),
    },
  }, async (req) => {
    await requireAgent(req.tenant, req.params.id);
    return req.tenant.resolveConversation(req.params.id, req.params.conversationId, req.body);
  });

  app.get('/:id/stream', { config: { roles: ['agent'] },
    schema: {
      tags: ['agents'],
      summary: 'Server-Sent Events: assignment (the current ones first), unassigned, customer_message',
      params: Id,
    },
  }, async (req, reply) => {
    const agent = await requireAgent(req.tenant, req.params.id);
    const sse = new SseStream(reply, req, req.tenant.config.chat.heartbeatMs);
    await pumpEvents(sse, (h) => req.tenant.bus.subscribe(agentTopic(agent.id), h), async () => {
      for (const h of await req.tenant.handoffs.assignedTo(agent.id))
        await sse.send('assignment', { agentId: agent.id, conversationId: h.conversationId, handoffId: h.id, skill: h.skill, urgency: h.urgency, accepted: !!h.acceptedAt });
      await sse.send('ready', { agentId: agent.id });
    });
  });
};

export default routes;
