import type { Config } from '../../config/config.js';
import type { SentimentAnalyzer } from '../../ports/sentiment-analyzer.js';
import { createChatModel } from '../answering/create-answering.js';
import { modelInputFilter } from '../answering/model-input-filter.js';
import type { PromptLibrary } from '../prompts/prompt-library.js';
import { LexiconSentimentAnalyzer } from './lexicon-sentiment-analyzer.js';
import { LlmSentimentAnalyzer } from './llm-sentiment-analyzer.js';

/** The configured sentiment analyzer: the offline lexicon, or a chat model backed by it. */
export function createSentimentAnalyzer(
  config: Config,
  prompts: PromptLibrary,
  log?: { warn: (obj: object, msg: string) => void },
): SentimentAnalyzer {
  const lexicon = new LexiconSentimentAnalyzer();
  const { analyzer, provider, model, timeoutMs } = config.sentiment;
  if (analyzer === 'lexicon' || !model) return lexicon;
  // Labels, not prose: no sampling, and a short reply.
  const chat = createChatModel({ ...config, chat: { ...config.chat, temperature: 0, maxTokens: 60 } }, provider, model);
  return new LlmSentimentAnalyzer(chat, `llm:${provider}:${model}`, prompts, lexicon, {
    timeoutMs,
    filter: modelInputFilter(config.privacy.maskModelInput),
    log,
  });
}
