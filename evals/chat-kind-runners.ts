import { createChatHarness, type ChatHarness } from './chat-harness.js';
import type { ChatKind } from './chat-suite-format.js';
import { runClarificationSuite, type ClarificationSuiteReport } from './run-clarification-suite.js';
import { runHandoffSuite, type HandoffSuiteReport } from './run-handoff-suite.js';
import type { KindRunContext } from './run-suites.js';
import type { Suite } from './suite-loader.js';
import { runToneSuite, type ToneSuiteReport } from './run-tone-suite.js';

export type ChatKindReport = ClarificationSuiteReport | ToneSuiteReport | HandoffSuiteReport;

type Run = (suite: Suite, h: ChatHarness, opts: { limit?: number; onCase?: () => void; signal?: AbortSignal }) => Promise<ChatKindReport>;
const runs: Record<ChatKind, Run> = { clarification: runClarificationSuite, tone: runToneSuite, handoff: runHandoffSuite };

/**
 * The chat behaviour kinds, for run-suites.ts's `kindRunners`: each suite gets its own context on
 * the run's database (its knowledge in a fresh knowledge base), closed when the suite is done.
 */
export const chatKindRunners = Object.fromEntries(
  Object.entries(runs).map(([kind, run]) => [
    kind,
    async (suite: Suite, ctx: KindRunContext): Promise<ChatKindReport> => {
      const ingest = ctx.progress.track(`${suite.name} ingest`, 0);
      const h = await createChatHarness(ctx.config, suite, () => ingest.increment());
      try {
        const bar = ctx.progress.track(`${suite.name} (${h.answerer})`, Math.min(ctx.limit ?? Infinity, suite.cases.length));
        return await run(suite, h, { limit: ctx.limit, signal: ctx.signal, onCase: () => bar.increment() });
      } finally {
        await h.close();
      }
    },
  ]),
) as Record<ChatKind, (suite: Suite, ctx: KindRunContext) => Promise<ChatKindReport>>;
