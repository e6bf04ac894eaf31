import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { collectAnswer, relayedOf, type ChatEvent } from '../../../domain/chat-events.js';
import { InvalidInput } from '../../../domain/errors.js';
import { toHttpError } from '../../error-mapper.js';
import { DeltaBatcher } from '../../delta-batcher.js';
import { SseStream } from '../../sse.js';

/**
 * OpenAI-compatible chat completions: an existing OpenAI client points its base URL here and
 * the `model` names the knowledge base. Each request carries the whole conversation, so the
 * earlier turns are stored as the history of a new conversation (or appended to the one named
 * by the `x-conversation-id` header) and the last user message is answered like any other turn.
 */
const Content = z.union([
  z.string(),
  z.array(z.object({ type: z.string(), text: z.string().optional() }).passthrough()),
]);
const Body = z.object({
  model: z.string().min(1).max(200),
  messages: z
    .array(z.object({ role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']), content: Content.nullable().optional(), name: z.string().optional() }).passthrough())
    .min(1),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).passthrough().nullable().optional(),
  user: z.string().max(200).optional(),
}).passthrough();

const text = (c: z.infer<typeof Content> | null | undefined) =>
  c == null ? '' : typeof c === 'string' ? c : c.map((p) => (p.type === 'text' ? (p.text ?? '') : '')).join('');

/** OpenAI's error envelope, so OpenAI SDKs raise their usual typed errors. */
function openAIError(err: unknown) {
  const { status, body } = toHttpError(err);
  const type = status === 404 ? 'not_found_error' : status < 500 ? 'invalid_request_error' : 'server_error';
  return { status, body: { error: { message: body.error.message, type, param: null, code: body.error.code } } };
}

const routes: FastifyPluginAsync = async (app) => {
  app.setErrorHandler((err, req, reply) => {
    const { status, body } = openAIError(err);
    if (status >= 500) req.log.error({ err }, 'chat completion failed');
    return reply.status(status).send(body);
  });

  app.get('/models', { config: { roles: ['content', 'widget'] } }, async (req) => {
    const kbs = await req.tenant.knowledgeBases.list();
    return {
      object: 'list',
      data: kbs.map((kb) => ({ id: kb.name, object: 'model', created: Math.floor(kb.createdAt.getTime() / 1000), owned_by: 'knowledge-base' })),
    };
  });

  app.post('/chat/completions', { config: { roles: ['content', 'widget'], rateLimit: app.rateLimits.chat } }, async (req: FastifyRequest, reply: FastifyReply) => {
    const parsed = Body.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new InvalidInput(`${issue.path.join('.') || 'body'}: ${issue.message}`, { details: { param: issue.path.join('.') } });
    }
    const body = parsed.data;
    const turns = body.messages.filter((m) => m.role === 'user' || m.role === 'assistant');
    const last = turns[turns.length - 1];
    if (!last || last.role !== 'user') throw new InvalidInput('messages: the last message must come from the user');

    const header = req.headers['x-conversation-id'];
    const existing = typeof header === 'string' ? await req.tenant.conversations.get(header) : undefined;
    const conversation =
      existing ??
      (await req.tenant.openConversation({ knowledgeBase: body.model, channel: 'openai', customerId: body.user ?? null, language: 'auto' }));
    if (!existing) {
      const earlier = turns.slice(0, -1).map((m) => ({ role: m.role as 'user' | 'assistant', content: text(m.content) }));
      if (earlier.length) await req.tenant.conversations.appendHistory(conversation.id, earlier);
    }

    const controller = new AbortController();
    const turn = req.tenant.answerTurn(conversation.id, text(last.content), controller.signal);
    const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
    const created = Math.floor(Date.now() / 1000);
    const base = { id, object: 'chat.completion.chunk', created, model: body.model };

    if (!body.stream) {
      const events: ChatEvent[] = [];
      for await (const e of turn) events.push(e);
      const relayed = relayedOf(events);
      if (relayed)
        return {
          id, object: 'chat.completion', created, model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: 'stop' }],
          usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
          conversation_id: conversation.id,
          relayed,
        };
      const a = collectAnswer(events);
      void reply.header('x-conversation-id', conversation.id);
      return {
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: a.content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: a.usage.promptTokens, completion_tokens: a.usage.completionTokens, total_tokens: a.usage.totalTokens },
        // Extensions; OpenAI clients ignore unknown fields.
        conversation_id: conversation.id,
        citations: a.citations,
        confidence: a.confidence,
        handoff: a.handoff,
      };
    }

    const first = await turn.next();
    const sse = new SseStream(reply, req, req.tenant.config.chat.heartbeatMs, controller, { 'x-conversation-id': conversation.id });
    let handoff: unknown = null;
    const deltas = new DeltaBatcher(req.tenant.config.chat.deltaBatchMs, (text) =>
      sse.send(undefined, { ...base, choices: [{ index: 0, delta: { content: text }, logprobs: null, finish_reason: null }] }),
    );
    try {
      await sse.send(undefined, { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] });
      for (let r = first; !r.done; r = await turn.next()) {
        if (!sse.open) continue;
        const e = r.value;
        if (e.type === 'delta') {
          await deltas.push(e.text);
          continue;
        }
        await deltas.flush();
        if (e.type === 'handoff') handoff = (({ type: _, ...rest }) => rest)(e);
        else if (e.type === 'error') await sse.send(undefined, openAIError(Object.assign(new InvalidInput(e.message), { code: e.code })).body);
        else if (e.type === 'done') {
          await sse.send(undefined, { ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], confidence: e.confidence, handoff });
          if (body.stream_options?.include_usage)
            await sse.send(undefined, {
              ...base,
              choices: [],
              usage: { prompt_tokens: e.usage.promptTokens, completion_tokens: e.usage.completionTokens, total_tokens: e.usage.totalTokens },
            });
        }
      }
      await deltas.flush();
      if (sse.open) await sse.send(undefined, '[DONE]');
    } finally {
      deltas.cancel();
      sse.end();
    }
  });
};

export default routes;
