import { z } from 'zod';
import type { EscalationSettings } from './escalation-policy.js';

/**
 * A knowledge base's own overrides (its `settings` JSON), validated here so a bad value in the
 * database falls back to the service default instead of breaking every turn.
 */
const EscalationOverrides = z
  .object({
    enabled: z.boolean(),
    confidenceThreshold: z.number().min(0).max(1),
    failedTurns: z.number().int().min(1).max(20),
    negativeConfidence: z.number().min(0).max(1),
    sensitiveIntents: z.array(z.enum(['refund', 'complaint', 'legal', 'account_security'])),
  })
  .partial();

export const KnowledgeBaseSettings = z.object({ escalation: EscalationOverrides.optional() }).passthrough();

export function escalationSettingsOf(settings: Record<string, unknown> | undefined, defaults: EscalationSettings): EscalationSettings {
  const parsed = KnowledgeBaseSettings.safeParse(settings ?? {});
  return { ...defaults, ...(parsed.success ? parsed.data.escalation : {}) };
}
