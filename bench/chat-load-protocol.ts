import type { ChatScript } from './chat-questions.js';

/** Messages between the chat benchmark and its load-generator process (`chat-load-client.ts`). */
export interface LoadRequest {
  type: 'run';
  baseUrl: string;
  knowledgeBase: string;
  concurrency: number;
  /** Streams (customer messages) to send in all; conversations are opened as needed. */
  streams: number;
  scripts: ChatScript[];
  /** Index of the first script, so warm-up and levels do not all start on the same one. */
  scriptOffset: number;
  timeoutMs: number;
  /** Worker i starts after i × rampMs / concurrency (0: all at once). */
  rampMs: number;
}

export interface StreamResult {
  conversationId: string;
  /** 0 for the first message of a conversation, 1 for its first follow-up, … */
  turn: number;
  lang: 'zh' | 'en';
  question: string;
  status: number;
  /** When the request was written: performance.timeOrigin + now, ms (comparable across processes). */
  sentEpoch: number;
  /** From sending the request; undefined when the event never came. */
  metaMs?: number;
  firstDeltaMs?: number;
  doneMs?: number;
  endMs: number;
  deltas: number;
  answerChars: number;
  /** Why the stream counts as failed (non-200, `error` event, no `done`, timeout, network). */
  failure?: string;
  done?: { kind: string; latencyMs: number; timings: Record<string, number> };
}

export interface LoadResult {
  type: 'result';
  streams: StreamResult[];
  /** POST /v1/conversations latencies, ms. */
  opens: number[];
  /** When each new TCP connection was established, client side (epoch ms). */
  connects: number[];
  openFailures: string[];
  /** Every POST /v1/conversations: when it was written, how long it took, how it ended. */
  openLog: Array<{ sentEpoch: number; ms: number; failure?: string }>;
  wallMs: number;
  /** CPU time of the load client's own process during the run, ms (it shares the machine). */
  cpuMs: number;
}
