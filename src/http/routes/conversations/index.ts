import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { collectAnswer, relayedOf, type ChatEvent } from '../../../domain/chat-events.js';
import { ConversationNotFound } from '../../../domain/errors.js';
import { DeltaBatcher } from '../../delta-batcher.js';
import { SseStream } from '../../sse.js';

const Id = z.object({ id: z.string().min(1).max(100) });

const routes: FastifyPluginAsyncZod = async (app) => {
  app.post('/', { config: { roles: ['widget'] },
    schema: {
      tags: ['chat'],
      summary: 'Open a conversation on a knowledge base',
      body: z.object({
        knowledgeBaseId: z.string().min(1).max(200).describe('Knowledge base id or name'),
        channel: z.string().min(1).max(50).default('api'),
        customerId: z.string().max(200).optional(),
        language: z.enum(['zh', 'en', 'auto']).default('auto'),
        metadata: z.record(z.string(), z.unknown()).optional(),
      }),
    },
  }, async (req, reply) => {
    const { knowledgeBaseId, ...rest } = req.body;
    const c = await req.tenant.openConversation({ knowledgeBase: knowledgeBaseId, ...rest });
    return reply.status(201).send(c);
  });

  app.get('/:id', { config: { roles: ['widget', 'agent', 'qa'] },
    schema: { tags: ['chat'], summary: 'A conversation with its full history (citations, confidence, timings)', params: Id },
  }, async (req) => {
    const conversation = await req.tenant.conversations.get(req.params.id);
    if (!conversation) throw new ConversationNotFound(`Conversation ${req.params.id} not found`);
    const messages = await req.tenant.conversations.messages(conversation.id);
    return { ...conversation, messages };
  });

  app.post('/:id/messages', {
    config: { roles: ['widget'], rateLimit: app.rateLimits.chat },
    schema: {
      tags: ['chat'],
      summary: 'Send a customer message: a JSON answer, or Server-Sent Events with Accept: text/event-stream',
      description:
        'SSE events, each with JSON `data`: meta, delta, citations, done, error. A second message while an answer is still ' +
        'being generated is refused with 409 CONVERSATION_BUSY (not queued): the client knows at once, and no answer is ' +
        'generated for a question the customer may rephrase. Closing the connection stops the generation; the partial ' +
        'answer is kept in the history as cancelled.',
      params: Id,
      body: z.object({ content: z.string() }),
    },
  }, async (req, reply) => {
    const controller = new AbortController();
    const turn = req.tenant.answerTurn(req.params.id, req.body.content, controller.signal);
    const streaming = (req.headers.accept ?? '').includes('text/event-stream');
    if (!streaming) {
      const onClose = () => controller.abort(new Error('client disconnected'));
      req.raw.socket?.once('close', onClose);
      try {
        const events: ChatEvent[] = [];
        for await (const e of turn) events.push(e);
        // With people: the message went to the agent; there is no bot answer.
        const relayed = relayedOf(events);
        if (relayed) return reply.status(202).send({ relayed: true, ...relayed });
        return collectAnswer(events);
      } finally {
        req.raw.socket?.off('close', onClose);
      }
    }
    // Errors before the first event (404, 409, 413, 422) are still plain HTTP errors.
    const first = await turn.next();
    const sse = new SseStream(reply, req, req.tenant.config.chat.heartbeatMs, controller);
    const deltas = new DeltaBatcher(req.tenant.config.chat.deltaBatchMs, (text) => sse.send('delta', { text }));
    try {
      for (let r = first; !r.done; r = await turn.next()) {
        if (!sse.open) continue; // keep draining so the turn records the cancellation
        const { type, ...data } = r.value;
        if (r.value.type === 'delta') await deltas.push(r.value.text);
        else {
          await deltas.flush();
          await sse.send(type, data);
        }
      }
      await deltas.flush();
    } finally {
      deltas.cancel();
      sse.end();
    }
  });
};

export default routes;
