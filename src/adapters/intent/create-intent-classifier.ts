import type { Config } from '../../config/config.js';
import type { IntentClassifier, SkillExemplar } from '../../ports/intent-classifier.js';
import type { TextAnalyzer } from '../../ports/text-analyzer.js';
import { createLabelModel } from '../answering/create-answering.js';
import { modelInputFilter } from '../answering/model-input-filter.js';
import type { PromptLibrary } from '../prompts/prompt-library.js';
import { ExemplarIntentClassifier } from './exemplar-intent-classifier.js';
import { LlmIntentClassifier } from './llm-intent-classifier.js';

/** The id of the classifier `createIntentClassifier` builds with this configuration. */
export function intentClassifierId(config: Config): string {
  const { classifier, provider, model } = config.intent;
  return classifier === 'llm' && model ? `llm:${provider}:${model}` : ExemplarIntentClassifier.ID;
}

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
  return new LlmIntentClassifier(createLabelModel(config, provider, model), intentClassifierId(config), prompts, exemplars, offline, {
    exemplarsPerSkill,
    timeoutMs,
    filter: modelInputFilter(config.privacy.maskModelInput),
    log,
  });
}
