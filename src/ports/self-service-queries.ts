/** Read-only views the pages need beside the core stores: popular questions and the queue. */

export interface PopularQuestion {
  id: string;
  question: string;
  answer: string;
  language: string;
  /** How many bot answers cited this FAQ entry. */
  uses: number;
}

export interface QueuedConversation {
  conversationId: string;
  handoffId: string;
  /** 1 = next to be served. */
  position: number;
  reason: string;
  skill: string | null;
  language: string | null;
  urgency: number;
  queuedAt: Date;
}

export interface SelfServiceQueries {
  /** FAQ entries of ready documents, most cited first, entries in `language` before others. */
  popularQuestions(kbId: string, opts: { limit: number; language?: 'zh' | 'en' }): Promise<PopularQuestion[]>;
  /** Every queued conversation in the order the queue serves them. */
  queue(limit: number): Promise<QueuedConversation[]>;
}
