import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, type AIMessage } from '@langchain/core/messages';
import type { z } from 'zod';

/** A chat model's reply as plain text, whether it came as a string or as content blocks. */
export function replyText(out: Pick<AIMessage, 'content'>): string {
  return typeof out.content === 'string' ? out.content : out.content.map((c) => ('text' in c ? c.text : '')).join('');
}

/**
 * The first flat JSON object in a reply, checked against `schema`: models wrap the JSON they
 * were asked for in code fences or a sentence. Undefined when there is none or it does not fit.
 */
export function readJsonReply<T>(text: string, schema: z.ZodType<T>): T | undefined {
  const m = text.match(/\{[^{}]*\}/);
  if (!m) return undefined;
  try {
    const r = schema.safeParse(JSON.parse(m[0]));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

export type JsonAnswer<T> = { ok: true; data: T } | { ok: false; reason: 'timeout' | 'error' | 'unreadable'; reply?: string; err?: unknown };

/**
 * Asks a chat model for labels as one line of JSON, within `timeoutMs`. Never throws: a timeout,
 * an error or a reply that is not the JSON asked for comes back as the reason, for the caller's
 * offline fallback to answer instead.
 */
export async function askForJson<T>(model: BaseChatModel, prompt: string, schema: z.ZodType<T>, timeoutMs: number): Promise<JsonAnswer<T>> {
  try {
    const reply = replyText(await model.invoke([new HumanMessage(prompt)], { signal: AbortSignal.timeout(timeoutMs) }));
    const data = readJsonReply(reply, schema);
    return data === undefined ? { ok: false, reason: 'unreadable', reply } : { ok: true, data };
  } catch (err) {
    const timedOut = (err as Error).name === 'TimeoutError' || /timed? ?out|abort/i.test((err as Error).message);
    return { ok: false, reason: timedOut ? 'timeout' : 'error', err };
  }
}
