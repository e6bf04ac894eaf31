import { z } from 'zod';
import type { EscalationReason } from '../src/domain/escalation-policy.js';
import type { Tone } from '../src/domain/tone.js';

/**
 * Our extension of the shared suite format (evals/README.md "Chat behaviour suites"): three kinds
 * scored through the chat use case itself, each with its own `expect` fields. The shared fields
 * keep their meaning; these are only read for these kinds.
 */
export const CHAT_KINDS = ['clarification', 'tone', 'handoff'] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];

export const TONES = ['calm-apologetic', 'reassuring', 'concise'] as const satisfies readonly Tone[];
export const HANDOFF_REASONS = [
  'customer_request',
  'low_confidence',
  'repeated_failure',
  'negative_emotion',
  'sensitive_intent',
] as const satisfies readonly EscalationReason[];

const Source = z.object({ path: z.string().min(1), heading: z.string().nullable().optional() });

/** Fields added to a case's `expect`; all optional in the schema, required per kind below. */
export const chatExpectFields = {
  /** clarification: the bot should ask which one the customer means (true) or answer directly (false). */
  clarify: z.boolean().optional(),
  /** clarification: what a good clarifying question offers (model names); scored as options_recall. */
  options: z.array(z.string().min(1)).min(1).optional(),
  /** clarification: the customer's reply to the clarifying question, and what that turn must find. */
  follow_up: z
    .object({ reply: z.string().min(1), sources: z.array(Source).optional(), faq_ids: z.array(z.string().min(1)).optional() })
    .optional(),
  /** tone: the template the answer should apply. */
  tone: z.enum(TONES).optional(),
  /** tone: the answer should give the procedure as numbered steps. */
  steps: z.boolean().optional(),
  /** handoff: the conversation should go to a person at some turn (true) or stay with the bot (false). */
  handoff: z.boolean().optional(),
  /** handoff: the escalation reason code of the first handoff. */
  reason: z.enum(HANDOFF_REASONS).optional(),
};

export const isChatKind = (kind: string): kind is ChatKind => (CHAT_KINDS as readonly string[]).includes(kind);

interface ChatCaseView {
  messages: Array<{ role: string }>;
  expect: { action?: string; skill?: string } & { [K in keyof typeof chatExpectFields]?: z.infer<(typeof chatExpectFields)[K]> };
}

/**
 * What each kind requires of a case; `fail(field, detail)` builds the error naming file and line.
 * `skills` is the label set of a handoff suite's skills file.
 */
export function checkChatCase(kind: ChatKind, c: ChatCaseView, fail: (field: string, detail: string) => Error, skills: Set<string>): void {
  const e = c.expect;
  if (c.messages[c.messages.length - 1]!.role !== 'user') throw fail('messages', 'the last message must be the customer\'s (role user)');
  if (kind === 'clarification') {
    if (e.clarify === undefined) throw fail('expect.clarify', 'required for clarification suites');
    if (!e.clarify && e.options) throw fail('expect.options', 'only when clarify is true');
    if (!e.clarify && e.follow_up) throw fail('expect.follow_up', 'only when clarify is true');
    if (e.follow_up && !e.follow_up.sources?.length && !e.follow_up.faq_ids?.length)
      throw fail('expect.follow_up.sources', 'a follow-up needs sources or faq_ids');
  } else if (kind === 'tone') {
    if (!e.tone) throw fail('expect.tone', `required for tone suites (one of ${TONES.join(', ')})`);
  } else {
    if (e.handoff === undefined) throw fail('expect.handoff', 'required for handoff suites');
    if (e.handoff && !e.reason) throw fail('expect.reason', `required when handoff is true (one of ${HANDOFF_REASONS.join(', ')})`);
    if (!e.handoff && e.reason) throw fail('expect.reason', 'only when handoff is true');
    if (!e.handoff && e.skill) throw fail('expect.skill', 'only when handoff is true');
    if (e.skill !== undefined && !skills.has(e.skill)) throw fail('expect.skill', `${e.skill} is not a skill of the skills file`);
    // Every customer turn is played through the bot; its own replies take the place of assistant turns.
    const i = c.messages.findIndex((m) => m.role !== 'user');
    if (i >= 0) throw fail(`messages[${i}].role`, 'handoff suites hold customer turns only (the bot answers each one)');
  }
}
