import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage } from '@langchain/core/messages';
import type { QueryRewriter, RewriteRequest, Summarizer } from '../../ports/answerer.js';
import type { Turn } from '../../domain/conversation.js';
import type { PromptLibrary } from '../prompts/prompt-library.js';
import { formatTurns, translateModelError } from './langchain-answerer.js';
import { unfiltered, type ModelInputFilter } from './model-input-filter.js';
import { replyText } from './model-reply.js';

async function complete(model: BaseChatModel, provider: string, text: string, signal: AbortSignal): Promise<string> {
  try {
    const out = await model.invoke([new HumanMessage(text)], { signal });
    return replyText(out).trim();
  } catch (err) {
    throw translateModelError(provider, err);
  }
}

/** The chat model resolves follow-ups; a first question is passed through without a call. */
export class LangChainQueryRewriter implements QueryRewriter {
  constructor(
    private readonly model: BaseChatModel,
    readonly id: string,
    private readonly provider: string,
    private readonly prompts: PromptLibrary,
    private readonly filter: ModelInputFilter = unfiltered,
  ) {}

  async rewrite(req: RewriteRequest, signal: AbortSignal) {
    if (!req.history.some((t) => t.role === 'user')) return { query: req.question, rewritten: false };
    const p = this.prompts.render('rewrite-query', req.language, { history: formatTurns(req.history.slice(-6), this.filter), question: this.filter(req.question) });
    const out = (await complete(this.model, this.provider, p.text, signal)).split('\n')[0]!.replace(/^["“]|["”]$/g, '').trim();
    if (!out || out.length > req.question.length * 4 + 200) return { query: req.question, rewritten: false };
    return { query: out, rewritten: out !== req.question.trim() };
  }
}

export class LangChainSummarizer implements Summarizer {
  constructor(
    private readonly model: BaseChatModel,
    private readonly provider: string,
    private readonly prompts: PromptLibrary,
    private readonly filter: ModelInputFilter = unfiltered,
  ) {}

  summarize(previous: string, turns: Turn[], language: 'zh' | 'en', signal: AbortSignal) {
    const p = this.prompts.render('summarize', language, { previous: previous ? this.filter(previous) : '(none)', turns: formatTurns(turns, this.filter) });
    return complete(this.model, this.provider, p.text, signal);
  }
}
