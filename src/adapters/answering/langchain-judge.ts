import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage } from '@langchain/core/messages';
import type { PromptLibrary } from '../prompts/prompt-library.js';
import { translateModelError } from './langchain-answerer.js';
import { unfiltered, type ModelInputFilter } from './model-input-filter.js';
import { replyText } from './model-reply.js';

/** `answer_judge`: a configured chat model grades an answer against the reference (prompts/answer-judge.*.md). */
export class LangChainJudge {
  constructor(
    private readonly model: BaseChatModel,
    readonly id: string,
    private readonly provider: string,
    private readonly prompts: PromptLibrary,
    private readonly filter: ModelInputFilter = unfiltered,
  ) {}

  async judge(input: { question: string; reference: string; answer: string; language: 'zh' | 'en' }): Promise<boolean> {
    const p = this.prompts.render('answer-judge', input.language, {
      question: this.filter(input.question),
      reference: this.filter(input.reference),
      answer: this.filter(input.answer),
    });
    try {
      const out = await this.model.invoke([new HumanMessage(p.text)]);
      return /^\s*CORRECT\b/i.test(replyText(out));
    } catch (err) {
      throw translateModelError(this.provider, err);
    }
  }
}
