import { extractiveSummary } from '../../domain/memory.js';
import type { Turn } from '../../domain/conversation.js';
import type { Summarizer } from '../../ports/answerer.js';
import type { PromptLibrary } from '../prompts/prompt-library.js';

/** Offline rolling summary: the customer's earlier questions (their stand-alone form). */
export class LocalSummarizer implements Summarizer {
  constructor(private readonly prompts: PromptLibrary) {}

  async summarize(previous: string, turns: Turn[], language: 'zh' | 'en') {
    const earlier = previous ? previous.replace(/^[^:：]*[:：]\s*/, '').split('; ') : [];
    const questions = [...earlier, ...turns.filter((t) => t.role === 'user').map((t) => t.query || t.content)];
    const list = extractiveSummary(questions);
    return list ? this.prompts.render('local-summary', language, { questions: list }).text : '';
  }
}
