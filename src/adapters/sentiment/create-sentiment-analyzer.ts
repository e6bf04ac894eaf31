import type { Config } from '../../config/config.js';
import type { SentimentAnalyzer } from '../../ports/sentiment-analyzer.js';
import { createLabelModel } from '../answering/create-answering.js';
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
  return new LlmSentimentAnalyzer(createLabelModel(config, provider, model), `llm:${provider}:${model}`, prompts, lexicon, {
    timeoutMs,
    filter: modelInputFilter(config.privacy.maskModelInput),
    log,
  });
}
