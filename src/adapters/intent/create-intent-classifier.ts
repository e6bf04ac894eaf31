import type { Config } from '../../config/config.js';
import type { IntentClassifier, SkillExemplar } from '../../ports/intent-classifier.js';
import type { TextAnalyzer } from '../../ports/text-analyzer.js';
import { createChatModel } from '../answering/create-answering.js';
import { modelInputFilter } from '../answering/model-input-filter.js';
import type { PromptLibrary } from '../prompts/prompt-library.js';
import { ExemplarIntentClassifier } from './exemplar-intent-classifier.js';
import { LlmIntentClassifier } from './llm-intent-classifier.js';

/** The configured intent classifier over these exemplars: offline, or a chat model backed by it. */
export function createIntentClassifier(
  config: Config,
  prompts: PromptLibrary,
  analyzer: TextAnalyzer,
  exemplars: SkillExemplar[],
  log?: { warn: (obj: object, msg: string) => void },
): IntentClassifier {
  const offline = ExemplarIntentClassifier.create(analyzer, exemplars);
  const { classifier, provider, model, timeoutMs, exemplarsPerSkill } = config.intent;
  if (classifier === 'exemplar' || !model) return offline;
  const chat = createChatModel({ ...config, chat: { ...config.chat, temperature: 0, maxTokens: 60 } }, provider, model);
  return new LlmIntentClassifier(chat, `llm:${provider}:${model}`, prompts, exemplars, offline, {
    exemplarsPerSkill,
    timeoutMs,
    filter: modelInputFilter(config.privacy.maskModelInput),
    log,
  });
}
