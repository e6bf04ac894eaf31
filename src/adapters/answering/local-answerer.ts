import { estimateTokens, streamPieces } from '../../domain/answer-composition.js';
import type { AnswerChunk, AnswerRequest, Answerer, Passage } from '../../ports/answerer.js';
import type { PromptLibrary } from '../prompts/prompt-library.js';

export interface LocalAnswererOptions {
  /** A passage in the customer's language is preferred over a better one in the other language within this ratio. */
  sameLanguageRatio: number;
}

/**
 * The offline answerer: no model, so it does not paraphrase. It returns a strong FAQ match
 * verbatim, otherwise the best section (in the customer's language when the knowledge base
 * has it) with its citation, and says plainly when it found nothing.
 */
export class LocalAnswerer implements Answerer {
  readonly id = 'local';

  constructor(
    private readonly prompts: PromptLibrary,
    private readonly opts: LocalAnswererOptions = { sameLanguageRatio: 0.7 },
  ) {}

  private pick(req: AnswerRequest): Passage | undefined {
    const [top] = req.passages;
    if (!top) return undefined;
    if (top.language === req.language) return top;
    return req.passages.slice(1, 4).find((p) => p.language === req.language && p.score >= top.score * this.opts.sameLanguageRatio) ?? top;
  }

  async *answer(req: AnswerRequest, signal: AbortSignal): AsyncIterable<AnswerChunk> {
    let text: string;
    let kind: 'answer' | 'faq' | 'no_answer';
    let used: number[] = [];
    let prompt: { id: string; version: number } | null = null;
    // Without a model to judge the passages, weak evidence means declining, not guessing.
    const chosen = req.faqMatch ?? (req.retrievalConfidence >= req.minConfidence ? this.pick(req) : undefined);
    if (!chosen) {
      const r = this.prompts.render('local-no-answer', req.language);
      text = r.text;
      kind = 'no_answer';
      prompt = { id: r.id, version: r.version };
    } else {
      kind = chosen.type === 'faq' ? 'faq' : 'answer';
      used = [chosen.index];
      // The tone's opening line (an apology for an angry customer, reassurance for an anxious one).
      const tone = this.prompts.get(`tone-${req.tone}`, req.language);
      const opening = typeof tone.meta.opening === 'string' ? tone.meta.opening.trim() : '';
      text = opening ? `${opening}\n\n${chosen.content.trim()}` : chosen.content.trim();
      if (opening) prompt = { id: tone.id, version: tone.version };
    }
    // The text exists whole; it goes out in a few sentence-sized pieces without waiting between
    // them (pacing them on the event loop only delayed the end of the answer under load).
    for (const piece of streamPieces(text, 240)) {
      if (signal.aborted) return;
      yield { type: 'delta', text: piece };
    }
    const completion = estimateTokens(text);
    yield { type: 'final', kind, used, usage: { promptTokens: 0, completionTokens: completion, totalTokens: completion }, prompt };
  }
}
