import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConversationNotFound, HandoffNotFound } from '../../../domain/errors.js';
import { conversationTopic } from '../../../domain/handoff-events.js';
import { pumpEvents } from '../../event-stream.js';
import { SseStream } from '../../sse.js';
import type { AppContext } from '../../../composition-root.js';

const Id = z.object({ id: z.string().min(1).max(100) });

/** The customer's side of the human handoff, under /v1/conversations. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const requireConversation = async (ctx: AppContext, id: string) => {
    const c = await ctx.conversations.get(id);
    if (!c) throw new ConversationNotFound(`Conversation ${id} not found`);
    return c;
  };

  app.post('/:id/handoff', { config: { roles: ['widget', 'agent'] },
    schema: {
      tags: ['handoff'],
      summary: 'Ask for a human (the widget button): queued, assigned at once, or a ticket when nobody is online',
      description:
        'outcome: assigned | queued | ticket. Pressing it again while the conversation is with humans returns the open handoff (200). ' +
        'A closed conversation gives 409 CONVERSATION_CLOSED; an unknown skill 422 UNKNOWN_SKILL.',
      params: Id,
      body: z
        .object({
          reason: z.string().min(1).max(50).default('customer_request'),
          skill: z.string().min(1).max(50).optional(),
          contact: z.record(z.string().max(50), z.string().max(500)).optional().describe('e.g. { "phone": "…", "email": "…" } for the ticket'),
        })
        .default({ reason: 'customer_request' }),
    },
  }, async (req, reply) => {
    const r = await req.tenant.handOff(req.params.id, { reason: req.body.reason, skill: req.body.skill, contact: req.body.contact, actor: { kind: 'customer' } });
    return reply.status(r.created ? 201 : 200).send({
      conversationId: req.params.id,
      handoffId: r.handoff.id,
      outcome: r.outcome,
      status: r.handoff.status,
      agentId: r.agentId,
      ticket: r.ticket,
      urgency: r.handoff.urgency,
      notice: r.notice.text,
    });
  });

  app.post('/:id/handoff/cancel', { config: { roles: ['widget', 'agent'] },
    schema: {
      tags: ['handoff'],
      summary: 'The customer stops waiting (or leaves the agent): back to the bot',
      description: '409 ILLEGAL_TRANSITION when the conversation is not with humans.',
      params: Id,
    },
  }, async (req) => req.tenant.cancelHandoff(req.params.id));

  app.get('/:id/handoff', { config: { roles: ['widget', 'agent'] },
    schema: { tags: ['handoff'], summary: 'The latest handoff of the conversation with its packet (history, summary, sentiment, attempts, reason)', params: Id },
  }, async (req) => {
    await requireConversation(req.tenant, req.params.id);
    const h = await req.tenant.handoffs.current(req.params.id);
    if (!h) throw new HandoffNotFound(`Conversation ${req.params.id} was never handed off`);
    return { ...h, tickets: await req.tenant.handoffs.tickets(req.params.id) };
  });

  app.post('/:id/rating', { config: { roles: ['widget'] },
    schema: {
      tags: ['handoff'],
      summary: 'CSAT after an agent resolved the conversation: 1–5 with an optional comment, once',
      params: Id,
      body: z.object({ score: z.number().int().min(1).max(5), comment: z.string().max(2000).optional() }),
    },
  }, async (req, reply) => reply.status(201).send(await req.tenant.rateConversation(req.params.id, req.body.score, req.body.comment)));

  app.get('/:id/events', { config: { roles: ['agent'] },
    schema: { tags: ['handoff'], summary: 'Every status change with time, actor and reason', params: Id },
  }, async (req) => {
    await requireConversation(req.tenant, req.params.id);
    return { events: await req.tenant.handoffs.events(req.params.id) };
  });

  app.get('/:id/stream', { config: { roles: ['widget', 'agent'] },
    schema: { tags: ['handoff'], summary: "Server-Sent Events for the customer: status changes and the agent's replies", params: Id },
  }, async (req, reply) => {
    const c = await requireConversation(req.tenant, req.params.id);
    const sse = new SseStream(reply, req, req.tenant.config.chat.heartbeatMs);
    await pumpEvents(sse, (h) => req.tenant.bus.subscribe(conversationTopic(c.id), h), async () => {
      const now = await req.tenant.conversations.get(c.id);
      await sse.send('status', { conversationId: c.id, status: now?.status ?? c.status });
    });
  });
};

export default routes;
