import type { Suite } from './suite-loader.js';

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** A retrieved passage, judged against `expect.sources` as FORMAT.md defines a hit. */
export interface Passage {
  sourcePath: string;
  /** Heading trail when the pipeline keeps one (passages never cross a heading). */
  headingPath?: string[];
  /** Otherwise the passage's character range in the document's text, checked against the heading's section. */
  range?: { start: number; end: number; sections: (heading: string) => Array<{ start: number; end: number }> };
}

/** What the runner needs of a retrieval pipeline: ours, or the LangChain baseline. */
export interface RetrievalPipeline {
  readonly name: string;
  /** Ingests a suite's knowledge into a fresh knowledge base; returns its handle. */
  prepare(knowledge: Suite['knowledge']): Promise<string>;
  docs(kb: string, query: string, k: number): Promise<Passage[]>;
  /** FAQ entry ids (the FAQ file's `id`) in rank order, one per entry. */
  faq(kb: string, query: string, k: number): Promise<string[]>;
  /** Answers the last user message of a conversation, when the pipeline can answer. */
  answer?(kb: string, messages: Array<{ role: 'user' | 'assistant'; content: string }>): Promise<PipelineAnswer>;
  /**
   * Resolves the last message of a conversation into a stand-alone query from its history (the
   * pipeline's own follow-up rewriter). Pipelines without one (the LangChain baseline) leave it out.
   */
  rewrite?(history: ChatMessage[], question: string, lang: 'en' | 'zh'): Promise<{ query: string; rewritten: boolean }>;
  close(): Promise<void>;
}

export function passageHits(p: Passage, sources: Array<{ path: string; heading?: string | null }>): boolean {
  return sources.some((s) => {
    if (p.sourcePath !== s.path) return false;
    if (s.heading == null) return true;
    if (p.headingPath) return p.headingPath.includes(s.heading);
    if (p.range) return p.range.sections(s.heading).some((sec) => p.range!.start < sec.end && sec.start < p.range!.end);
    return false;
  });
}

/** Sections of a Markdown text: from each ATX heading to the next heading of the same or higher level. */
export function headingSections(markdown: string): Map<string, Array<{ start: number; end: number }>> {
  const heads: Array<{ text: string; level: number; start: number }> = [];
  let inFence = false;
  let offset = 0;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const m = !inFence && /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (m) heads.push({ text: m[2].trim(), level: m[1].length, start: offset });
    offset += line.length + 1;
  }
  const out = new Map<string, Array<{ start: number; end: number }>>();
  heads.forEach((h, i) => {
    const next = heads.slice(i + 1).find((n) => n.level <= h.level);
    const list = out.get(h.text) ?? [];
    list.push({ start: h.start, end: next ? next.start : markdown.length });
    out.set(h.text, list);
  });
  return out;
}

export interface PipelineAnswer {
  text: string;
  kind: string;
  confidence: number;
  /** The passage or FAQ entry the answer rests on (its first citation), for judging correctness. */
  cited?: Passage & { faqId?: string };
  features?: Record<string, number>;
  /** The stand-alone query the answer was retrieved with. */
  query?: string;
  /** The pipeline handed the conversation to a person (and why). */
  escalated?: boolean;
  escalationReason?: string;
}
