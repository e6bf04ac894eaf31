import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { z } from 'zod';
import { detectLanguage } from '../../domain/language.js';
import { stripFenceTags } from '../../domain/prompt-injection.js';
import type { IntentClassifier, IntentResult, SkillExemplar } from '../../ports/intent-classifier.js';
import type { Language } from '../../ports/text-analyzer.js';
import { unfiltered, type ModelInputFilter } from '../answering/model-input-filter.js';
import { askForJson, readJsonReply } from '../answering/model-reply.js';
import type { PromptLibrary } from '../prompts/prompt-library.js';

const Reply = z.object({
  skill: z.string().trim().min(1),
  confidence: z.coerce.number().min(0).max(1).catch(0.7).default(0.7),
});

export const readIntentReply = (text: string) => readJsonReply(text, Reply);

export interface LlmIntentOptions {
  /** Exemplars of each skill shown to the model (the first ones of the skills file). */
  exemplarsPerSkill: number;
  /** Past this, the fallback classifier answers instead. */
  timeoutMs: number;
  filter?: ModelInputFilter;
  log?: { warn: (obj: object, msg: string) => void };
}

/**
 * Need analysis by the configured chat model: it sees every skill with a few of its exemplars
 * (prompts/intent-classify.*.md) and names one, or none. The offline exemplar classifier ranks
 * the other skills (the model names one) and answers alone when the model times out, fails or
 * names a skill that does not exist.
 */
export class LlmIntentClassifier implements IntentClassifier {
  readonly skills: readonly string[];
  private readonly listing: string;
  private readonly filter: ModelInputFilter;

  constructor(
    private readonly model: BaseChatModel,
    readonly id: string,
    private readonly prompts: PromptLibrary,
    exemplars: SkillExemplar[],
    private readonly fallback: IntentClassifier,
    private readonly opts: LlmIntentOptions,
  ) {
    const bySkill = new Map<string, string[]>();
    for (const e of exemplars) bySkill.set(e.skill, [...(bySkill.get(e.skill) ?? []), e.text]);
    this.skills = [...bySkill.keys()].sort();
    this.listing = this.skills
      .map((s) => `- ${s}: ${bySkill.get(s)!.slice(0, opts.exemplarsPerSkill).map((t) => JSON.stringify(stripFenceTags(t))).join(' | ')}`)
      .join('\n');
    this.filter = opts.filter ?? unfiltered;
  }

  async classify(text: string, opts: { language?: Language } = {}): Promise<IntentResult> {
    const language = opts.language ?? detectLanguage(text);
    const prompt = this.prompts.render('intent-classify', language, { skills: this.listing, message: stripFenceTags(this.filter(text)) });
    const offline = await this.fallback.classify(text, { language });
    const answer = await askForJson(this.model, prompt.text, Reply, this.opts.timeoutMs);
    if (answer.ok) {
      const named = answer.data.skill.toLowerCase() === 'none' ? null : answer.data.skill;
      const { confidence } = answer.data;
      if (named === null) return { skill: null, score: 0, confidence, ranking: offline.ranking };
      if (this.skills.includes(named))
        return { skill: named, score: confidence, confidence, ranking: [{ skill: named, score: confidence }, ...offline.ranking.filter((r) => r.skill !== named)] };
    }
    const why = answer.ok ? `names no skill (${answer.data.skill})` : answer.reason;
    this.opts.log?.warn({ classifier: this.id, err: answer.ok ? undefined : answer.err }, `intent model ${why}; exemplars used`);
    return { ...offline, classifier: this.fallback.id };
  }
}
