import { InvalidInput } from '../domain/errors.js';
import type { HandoffStore } from '../ports/handoff-store.js';
import type { Clock } from './handoff-settings.js';

/** CSAT: once per resolution, 1–5 with an optional comment. */
export function createRateConversation(deps: { handoffs: HandoffStore; clock: Clock }) {
  return async function rateConversation(conversationId: string, score: number, comment?: string | null) {
    if (!Number.isInteger(score) || score < 1 || score > 5) throw new InvalidInput('The rating is an integer from 1 to 5', { details: { field: 'score' } });
    const h = await deps.handoffs.rate(conversationId, score, comment?.trim() || null, deps.clock.now());
    return { conversationId, handoffId: h.id, score: h.csat!.score, comment: h.csat!.comment, ratedAt: h.csat!.ratedAt };
  };
}
