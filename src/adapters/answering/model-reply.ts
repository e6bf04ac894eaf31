import type { AIMessage } from '@langchain/core/messages';
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
