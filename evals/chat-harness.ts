import { createContext, type AppContext } from '../src/composition-root.js';
import type { Config } from '../src/config/config.js';
import { collectAnswer, relayedOf, type ChatEvent } from '../src/domain/chat-events.js';
import type { Citation } from '../src/domain/conversation.js';
import { ingestKnowledge } from './ingest-knowledge.js';
import { passageHits, type ChatMessage } from './pipeline.js';
import type { Suite } from './suite-loader.js';

/**
 * The service's chat use case on a throwaway knowledge base, for the suites that score how the bot
 * behaves in a conversation (clarification, tone, handoff): same composition root as the service,
 * so whatever answerer, rewriter and judge the configuration names is what answers.
 */
export interface TurnResult {
  text: string;
  /** answer, faq, no_answer, clarification, handoff; `relayed` when people already had the conversation. */
  kind: string;
  confidence: number | null;
  /** The stand-alone query the turn retrieved with. */
  query: string;
  rewritten: boolean;
  citations: Citation[];
  /** The tone template the turn chose (stored with the answer). */
  tone: string | null;
  /** A clarification's options (stored with it). */
  options: string[];
  handoff: { reason: string; skill: string | null; detail: string | null } | null;
  answerer: string | null;
  latencyMs: number;
}

export interface ExpectedSources {
  sources?: Array<{ path: string; heading?: string | null }>;
  faq_ids?: string[];
}

export interface ChatHarness {
  readonly config: Config;
  /** Who writes the answers: `local`, or `<provider>:<model>`. */
  readonly answerer: string;
  /** Opens a conversation; earlier turns are stored as history, as the OpenAI-compatible endpoint stores them. */
  open(history?: ChatMessage[]): Promise<string>;
  /** One customer message through the chat use case. */
  say(conversationId: string, content: string): Promise<TurnResult>;
  /** 1-based rank of the first of the top `k` hits for `query` that is an expected source (null: none). */
  rank(query: string, expected: ExpectedSources, k?: number): Promise<number | null>;
  close(): Promise<void>;
}

/** Where an answer came from, for a per-case record: `path # heading`, or the FAQ entry id. */
export function citedLabel(citations: Citation[]): string | null {
  const c = citations[0];
  if (!c) return null;
  return c.type === 'faq' ? `${c.sourcePath} faq:${c.externalId ?? c.id}` : `${c.sourcePath}${c.headingPath.length ? ` # ${c.headingPath.at(-1)}` : ''}`;
}

/** A citation (or hit) matches a docs source as FORMAT.md defines a hit, or is an expected FAQ entry. */
export function citesExpected(c: { type: string; sourcePath: string; headingPath: string[]; externalId?: string }, e: ExpectedSources): boolean {
  if (c.type === 'faq') return !!c.externalId && (e.faq_ids ?? []).includes(c.externalId);
  return passageHits({ sourcePath: c.sourcePath, headingPath: c.headingPath }, e.sources ?? []);
}

/**
 * A context for one suite. A handoff suite's skills file routes handed-off conversations, as
 * SKILLS_FILE does in the service (its labels join the skill catalogue).
 */
export async function createChatHarness(config: Config, suite: Suite, onFile?: () => void): Promise<ChatHarness> {
  const labels = [...new Set(suite.skills?.map((s) => s.skill) ?? [])];
  const effective: Config = suite.skillsFile
    ? { ...config, skillsFile: suite.skillsFile, handoff: { ...config.handoff, skills: [...new Set([...config.handoff.skills, ...labels])] } }
    : config;
  const ctx: AppContext = await createContext(effective);
  let kb: string;
  try {
    kb = await ingestKnowledge(ctx, suite.knowledge, onFile);
  } catch (err) {
    await ctx.close();
    throw err;
  }
  return {
    config: effective,
    answerer: effective.chat.answerer === 'local' ? 'local' : `${effective.chat.answerer}:${effective.chat.model}`,
    async open(history = []) {
      const conversation = await ctx.openConversation({ knowledgeBase: kb, channel: 'eval', language: 'auto' });
      if (history.length) await ctx.conversations.appendHistory(conversation.id, history);
      return conversation.id;
    },
    async say(conversationId, content) {
      const t0 = performance.now();
      const events: ChatEvent[] = [];
      for await (const e of ctx.answerTurn(conversationId, content, new AbortController().signal)) events.push(e);
      const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
      const relayed = relayedOf(events);
      if (relayed)
        return { text: '', kind: 'relayed', confidence: null, query: content, rewritten: false, citations: [], tone: null, options: [], handoff: null, answerer: null, latencyMs };
      const a = collectAnswer(events);
      const stored = (await ctx.conversations.messages(conversationId)).at(-1);
      const meta = stored?.metadata ?? {};
      const h = a.handoff as { reason?: unknown; skill?: unknown; detail?: unknown } | null;
      return {
        text: a.content,
        kind: a.kind,
        confidence: a.confidence,
        query: a.query,
        rewritten: a.rewritten,
        citations: a.citations,
        tone: typeof meta.tone === 'string' ? meta.tone : null,
        options: Array.isArray(meta.options) ? meta.options.map(String) : [],
        handoff: h ? { reason: String(h.reason), skill: typeof h.skill === 'string' ? h.skill : null, detail: typeof h.detail === 'string' ? h.detail : null } : null,
        answerer: typeof meta.answerer === 'string' ? meta.answerer : null,
        latencyMs,
      };
    },
    async rank(query, expected, k = 10) {
      const r = await ctx.searchKnowledge(kb, query, { topK: k });
      const i = r.hits.findIndex((h) => citesExpected({ ...h, headingPath: h.type === 'chunk' ? h.headingPath : [] }, expected));
      return i >= 0 ? i + 1 : null;
    },
    close: () => ctx.close(),
  };
}
