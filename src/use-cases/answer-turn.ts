import type { ChatEvent } from '../domain/chat-events.js';
import { clarificationOptions } from '../domain/clarification.js';
import { blendGrounding } from '../domain/confidence.js';
import type { AnswerKind, Citation, MessageSentiment, Usage } from '../domain/conversation.js';
import { ConversationClosed, ConversationNotFound, DomainError, EmptyMessage, MessageTooLarge, TooManyTurns } from '../domain/errors.js';
import { detectLanguage } from '../domain/language.js';
import { historyTail, memoryOf, toTurn } from '../domain/memory.js';
import type { Answerer, Passage, QueryRewriter, Summarizer } from '../ports/answerer.js';
import type { SentimentAnalyzer } from '../ports/sentiment-analyzer.js';
import type { KnowledgeBaseRepository } from '../ports/knowledge-store.js';
import { asksForHuman, decideEscalation, type EscalationDecision, type EscalationSettings, type PastTurn } from '../domain/escalation-policy.js';
import { toneFor } from '../domain/tone.js';
import { screenQuestion } from '../domain/prompt-injection.js';
import { escalationSettingsOf } from '../domain/knowledge-base-settings.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { Language } from '../ports/text-analyzer.js';
import type { RetrievalEvidence } from './retrieval-evidence.js';
import type { SearchKnowledge } from './search-knowledge.js';

export interface ChatSettings {
  /** Messages kept verbatim in memory; older ones go into the rolling summary. */
  historyWindow: number;
  maxMessageChars: number;
  /** Passages handed to the answerer. */
  passages: number;
  /** A turn still "streaming" after this long belongs to a dead process. */
  staleTurnMs: number;
  /** Answers in progress at once in this process; more are refused (503) rather than queued. */
  maxConcurrentTurns: number;
  /** An FAQ entry on top with at least this confidence is returned verbatim. */
  faqVerbatimConfidence: number;
  clarify: boolean;
}

/** Hands the conversation to people; provided by the handoff use case. */
export type HandOff = (
  conversationId: string,
  request: { reason: string; detail?: string; actor: { kind: 'bot' | 'customer'; id?: string }; skill?: string; urgency?: number },
) => Promise<Record<string, unknown>>;

/** Need analysis: which skill the customer's problem belongs to (null: none configured fits). */
export type ClassifyNeed = (text: string, language: Language) => Promise<string | null>;

export interface AnswerTurnDeps {
  conversations: ConversationStore;
  knowledgeBases: Pick<KnowledgeBaseRepository, 'find'>;
  sentiment: SentimentAnalyzer;
  /** Defaults; a knowledge base's `settings.escalation` overrides them. */
  escalation: EscalationSettings;
  handOff?: HandOff;
  /** While people have the conversation, customer messages go to them, not to the bot. */
  relay?: (conversationId: string, content: string, sentiment: MessageSentiment) => Promise<{ messageId: string; deliveredTo: string | null }>;
  classifyNeed?: ClassifyNeed;
  renderHandoffReply: (language: Language) => { text: string; id: string; version: number };
  searchKnowledge: SearchKnowledge;
  evidence: RetrievalEvidence;
  answerer: Answerer;
  rewriter: QueryRewriter;
  summarizer: Summarizer;
  renderClarification: (language: Language, options: string[]) => { text: string; id: string; version: number };
  settings: ChatSettings;
  /** Times of stored messages (and so of the analytics figures); the system clock by default. */
  clock?: Clock;
  log?: { warn: (obj: object, msg: string) => void };
}

// Fused retrieval lets every FAQ entry outrank the second-best passage (FAQ weight > 1), so
// the chat path takes a deeper pool and re-ranks it by evidence (use-cases/retrieval-evidence.ts).
const RERANK_POOL = 24;

function pastTurns(messages: Awaited<ReturnType<ConversationStore['messages']>>): PastTurn[] {
  return messages
    .filter((m) => m.role !== 'system' && (m.role !== 'assistant' || m.status === 'complete'))
    .map((m) => ({ role: m.role as PastTurn['role'], content: m.content, confidence: m.confidence, kind: m.kind, sentiment: m.sentiment }));
}

const snippet = (text: string) => (text.length > 240 ? `${text.slice(0, 240)}…` : text);

/**
 * One customer turn: store the message, resolve a follow-up into a stand-alone query,
 * retrieve, judge the evidence, then clarify, answer or admit it does not know, streaming
 * events as they happen. Every outcome, including a client that goes away mid-answer, ends
 * with the assistant message stored in a final state and the conversation free again.
 */
export function createAnswerTurn(deps: AnswerTurnDeps) {
  const { settings } = deps;
  const clock = deps.clock ?? systemClock;
  let inFlight = 0;

  return async function* answerTurn(conversationId: string, rawContent: string, signal: AbortSignal): AsyncGenerator<ChatEvent> {
    const started = performance.now();
    const content = rawContent.trim();
    if (!content) throw new EmptyMessage('The message is empty', { details: { field: 'content' } });
    if (content.length > settings.maxMessageChars)
      throw new MessageTooLarge(`The message is longer than ${settings.maxMessageChars} characters`, { details: { max: settings.maxMessageChars } });
    if (inFlight >= settings.maxConcurrentTurns)
      throw new TooManyTurns('Too many answers are being written right now; try again shortly', { details: { retryAfterSeconds: 2 } });
    inFlight++;
    try {
      yield* turn(conversationId, content, signal, started);
    } finally {
      inFlight--;
    }
  };

  async function* turn(conversationId: string, content: string, signal: AbortSignal, started: number): AsyncGenerator<ChatEvent> {
    // The conversation, its history and (where the store reaches it) its knowledge base: one round trip.
    const loaded = await deps.conversations.turnContext(conversationId, { tail: historyTail(settings.historyWindow) });
    if (!loaded) throw new ConversationNotFound(`Conversation ${conversationId} not found`);
    const { conversation, history } = loaded;
    if (conversation.status === 'closed' || conversation.status === 'resolved')
      throw new ConversationClosed(`Conversation ${conversationId} is ${conversation.status}`);

    const language: Language = conversation.language ?? detectLanguage(content);
    if ((conversation.status === 'queued' || conversation.status === 'assigned') && deps.relay) {
      const mood = await deps.sentiment.analyze(content, { language });
      const relayed = await deps.relay(conversationId, content, {
        sentiment: mood.sentiment, sentimentScore: mood.sentimentScore, emotion: mood.emotion, confidence: mood.confidence, analyzer: mood.analyzer ?? deps.sentiment.id,
      });
      yield { type: 'relayed', conversationId, userMessageId: relayed.messageId, status: conversation.status, deliveredTo: relayed.deliveredTo };
      return;
    }
    const [kb, mood] = await Promise.all([
      // A store that does not reach knowledge bases leaves it to the repository.
      loaded.knowledgeBase === undefined ? deps.knowledgeBases.find(conversation.kbId) : (loaded.knowledgeBase ?? undefined),
      deps.sentiment.analyze(content, { language }),
    ]);
    const sentiment: MessageSentiment = {
      sentiment: mood.sentiment,
      sentimentScore: mood.sentimentScore,
      emotion: mood.emotion,
      confidence: mood.confidence,
      analyzer: mood.analyzer ?? deps.sentiment.id,
    };
    const escalation = escalationSettingsOf(kb?.settings, deps.escalation);
    const { userMessage, assistantMessage } = await deps.conversations.beginTurn({
      conversationId,
      content,
      language,
      staleAfterMs: settings.staleTurnMs,
      sentiment,
      at: clock.now(),
    });

    let answerText = '';
    const timings: Record<string, number> = {};
    const finish = (status: 'complete' | 'cancelled' | 'failed', extra: Partial<Parameters<ConversationStore['finishTurn']>[0]> = {}) =>
      deps.conversations.finishTurn({
        messageId: assistantMessage.id,
        conversationId,
        userMessageId: userMessage.id,
        query: extra.query ?? content,
        status,
        content: answerText,
        kind: null,
        citations: [],
        confidence: null,
        usage: null,
        timings: { ...timings, totalMs: performance.now() - started },
        prompt: null,
        at: clock.now(),
        ...extra,
      });

    const handOver = async (decision: EscalationDecision): Promise<{ status: string; detail?: string } & Record<string, unknown>> => {
      // The skill comes from what the customer said, not from "转人工" itself.
      const said = [...history.filter((m) => m.role === 'user').slice(-3).map((m) => m.content), content].join('\n');
      const skill = deps.classifyNeed ? ((await deps.classifyNeed(said, language)) ?? undefined) : undefined;
      // Angry or anxious customers wait less.
      const urgency = sentiment.sentiment === 'negative' && (sentiment.emotion === 'angry' || sentiment.emotion === 'anxious') ? 0.5 + 0.5 * sentiment.confidence : 0.2;
      if (!deps.handOff) return { status: 'unavailable', detail: decision.detail, ...(skill ? { skill } : {}) };
      return {
        status: 'queued',
        ...(decision.detail ? { detail: decision.detail } : {}),
        ...(skill ? { skill } : {}),
        ...(await deps.handOff(conversationId, { reason: decision.reason!, detail: decision.detail, actor: { kind: decision.reason === 'customer_request' ? 'customer' : 'bot' }, skill, urgency })),
      };
    };

    let query = content;
    let settled = false;
    try {
      const { recent, toFold } = memoryOf(history, settings.historyWindow);
      const summary = conversation.summary;

      if (escalation.enabled && asksForHuman(content)) {
        yield { type: 'meta', conversationId, messageId: assistantMessage.id, userMessageId: userMessage.id, query: content, rewritten: false, language };
        const r = deps.renderHandoffReply(language);
        answerText = r.text;
        timings.firstTokenMs = performance.now() - started;
        yield { type: 'delta', text: answerText };
        const decision: EscalationDecision = { escalate: true, reason: 'customer_request' };
        const handoff = await handOver(decision);
        yield { type: 'handoff', reason: decision.reason!, ...handoff };
        settled = true;
        const saved = await finish('complete', { kind: 'handoff', confidence: 1, prompt: { id: r.id, version: r.version }, metadata: { escalation: decision, sentiment } });
        yield { type: 'done', messageId: saved.id, kind: 'handoff', confidence: 1, usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, latencyMs: performance.now() - started, timings: saved.timings ?? timings, prompt: { id: r.id, version: r.version } };
        return;
      }

      const t0 = performance.now();
      // Retrieval looks for the question, not for instructions planted around it (prompt injection).
      const rewrite = await deps.rewriter.rewrite({ question: screenQuestion(content), history: recent, summary, language }, signal);
      query = rewrite.query;
      timings.rewriteMs = performance.now() - t0;
      yield { type: 'meta', conversationId, messageId: assistantMessage.id, userMessageId: userMessage.id, query, rewritten: rewrite.rewritten, language };

      const t1 = performance.now();
      // The knowledge base loaded above, so search need not look it up again.
      const result = await deps.searchKnowledge(kb ?? conversation.kbId, query, { topK: RERANK_POOL });
      const assessment = await deps.evidence.assess(conversation.kbId, query, result.hits, kb?.revision);
      timings.retrievalMs = performance.now() - t1;

      const passages: Passage[] = await deps.evidence.passages(conversation.kbId, assessment.hits.slice(0, settings.passages));
      const top = passages[0];
      // Verbatim only in the customer's language, unless the knowledge base has nothing in it.
      const faqMatch =
        top?.type === 'faq' && assessment.confidence >= settings.faqVerbatimConfidence && (top.language === language || !passages.some((p) => p.language === language))
          ? top
          : undefined;

      let kind: AnswerKind;
      let used: number[] = [];
      let usage: Usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
      let prompt: { id: string; version: number } | null = null;
      let grounding: number | undefined;
      const options =
        settings.clarify && !faqMatch && !rewrite.rewritten
          ? clarificationOptions(
              content,
              recent.map((t) => t.content).join('\n'),
              assessment.judged.map((j) => ({ score: j.rerank, labels: j.hit.type === 'chunk' ? [j.hit.title ?? '', ...j.hit.headingPath] : [j.hit.question] })),
            )
          : [];

      const t2 = performance.now();
      if (options.length) {
        const r = deps.renderClarification(language, options);
        answerText = r.text;
        kind = 'clarification';
        prompt = { id: r.id, version: r.version };
        timings.firstTokenMs = performance.now() - started;
        yield { type: 'delta', text: answerText };
      } else {
        kind = 'answer';
        for await (const chunk of deps.answerer.answer(
          {
            question: content, query, language, passages, faqMatch, retrievalConfidence: assessment.confidence,
            minConfidence: escalation.enabled ? escalation.confidenceThreshold : 0, tone: toneFor(sentiment), history: recent, summary,
          },
          signal,
        )) {
          if (chunk.type === 'delta') {
            if (!chunk.text) continue;
            timings.firstTokenMs ??= performance.now() - started;
            answerText += chunk.text;
            yield { type: 'delta', text: chunk.text };
          } else {
            kind = chunk.kind;
            used = chunk.used;
            usage = chunk.usage;
            prompt = chunk.prompt;
            grounding = chunk.grounding;
          }
        }
      }
      timings.answerMs = performance.now() - t2;
      if (signal.aborted) throw signal.reason ?? new Error('aborted');

      const citations: Citation[] = used
        .map((i) => passages.find((p) => p.index === i))
        .filter((p): p is Passage => !!p)
        .map((p) => ({
          index: p.index, type: p.type, id: p.id, documentId: p.documentId, sourcePath: p.sourcePath, title: p.title,
          headingPath: p.headingPath, snippet: snippet(p.content), score: p.score,
          ...(p.externalId ? { externalId: p.externalId } : {}),
        }));
      yield { type: 'citations', citations };

      const confidence =
        kind === 'no_answer' ? Math.min(assessment.confidence, 0.1) : kind === 'clarification' ? assessment.confidence : blendGrounding(assessment.confidence, grounding);
      const decision = decideEscalation({ message: content, sentiment, confidence, kind }, pastTurns(history), escalation);
      if (decision.escalate) yield { type: 'handoff', reason: decision.reason!, ...(await handOver(decision)) };
      settled = true;
      const saved = await finish('complete', {
        query,
        kind,
        citations,
        confidence,
        usage,
        prompt,
        metadata: {
          rewritten: rewrite.rewritten,
          features: assessment.features,
          ...(kind === 'clarification' ? { clarifies: query, options } : {}),
          answerer: deps.answerer.id,
          tone: toneFor(sentiment),
          escalation: decision,
        },
      });
      yield {
        type: 'done',
        messageId: saved.id,
        kind,
        confidence,
        usage,
        latencyMs: performance.now() - started,
        timings: saved.timings ?? timings,
        prompt,
      };

      if (toFold.length && toFold[toFold.length - 1]!.seq > conversation.summaryThrough) {
        try {
          const turns = toFold.filter((m) => m.seq > conversation.summaryThrough).map(toTurn).filter((t) => !!t);
          const next = await deps.summarizer.summarize(summary, turns, language, signal);
          await deps.conversations.saveSummary(conversationId, next, toFold[toFold.length - 1]!.seq);
        } catch (err) {
          // A summary is an optimisation: the next turn retries it.
          deps.log?.warn({ err, conversationId }, 'summary update failed');
        }
      }
    } catch (err) {
      if (settled) throw err;
      settled = true;
      if (signal.aborted) {
        await finish('cancelled', { query, error: { code: 'CLIENT_CLOSED', message: 'The client disconnected before the answer was complete' } });
        return;
      }
      const code = err instanceof DomainError ? err.code : 'INTERNAL';
      const message = err instanceof DomainError && code !== 'INTERNAL' ? err.message : 'The answer could not be generated';
      await finish('failed', { query, error: { code, message } });
      deps.log?.warn({ err, conversationId }, 'turn failed');
      yield { type: 'error', code, message };
    } finally {
      // The consumer stopped iterating (its client went away) while we were suspended at a yield.
      if (!settled) await finish('cancelled', { query, error: { code: 'CLIENT_CLOSED', message: 'The client disconnected before the answer was complete' } });
    }
  }
}

export type AnswerTurn = ReturnType<typeof createAnswerTurn>;
