import type { AnswerKind, Citation, Turn, Usage } from '../domain/conversation.js';
import type { Language } from './text-analyzer.js';

/** A retrieved passage as the answerer sees it, numbered for citation. */
export interface Passage {
  index: number;
  type: 'chunk' | 'faq';
  id: string;
  documentId: string;
  sourcePath: string;
  title: string | null;
  headingPath: string[];
  content: string;
  language: string;
  score: number;
  /** FAQ entries: the matched question (the answer is in `content`) and the entry's id in its FAQ file. */
  question?: string;
  externalId?: string;
}

export interface AnswerRequest {
  question: string;
  /** Stand-alone form of the question (follow-ups rewritten). */
  query: string;
  language: Language;
  passages: Passage[];
  /** Set when one FAQ entry matches strongly enough to be returned verbatim. */
  faqMatch?: Passage;
  /** Retrieval evidence in [0,1], computed before answering. */
  retrievalConfidence: number;
  /** Below this retrieval confidence an answerer that cannot judge passages itself declines. */
  minConfidence: number;
  /** How to speak to this customer (from the sentiment of the message). */
  tone: 'calm-apologetic' | 'reassuring' | 'concise';
  history: Turn[];
  summary: string;
}

export type AnswerChunk =
  | { type: 'delta'; text: string }
  | {
      type: 'final';
      kind: AnswerKind;
      /** Indexes (1-based) of the passages the answer used. */
      used: number[];
      usage: Usage;
      /** The model's own grounding judgement in [0,1], when it gives one. */
      grounding?: number;
      prompt: { id: string; version: number } | null;
    };

/** Writes the answer; yields text as it is produced, then one final record. */
export interface Answerer {
  readonly id: string;
  answer(request: AnswerRequest, signal: AbortSignal): AsyncIterable<AnswerChunk>;
}

export interface RewriteRequest {
  question: string;
  history: Turn[];
  summary: string;
  language: Language;
}

/** Turns a follow-up into a stand-alone query ("那它多少钱？" → "LM-X20 Pro 多少钱"). */
export interface QueryRewriter {
  readonly id: string;
  rewrite(request: RewriteRequest, signal: AbortSignal): Promise<{ query: string; rewritten: boolean }>;
}

/** Folds older turns into a short summary for memory. */
export interface Summarizer {
  summarize(previous: string, turns: Turn[], language: Language, signal: AbortSignal): Promise<string>;
}

export type { Citation };
