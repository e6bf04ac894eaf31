import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { z } from 'zod';
import { detectLanguage } from '../../domain/language.js';
import { stripFenceTags } from '../../domain/prompt-injection.js';
import { EMOTIONS, type Emotion, type Sentiment, type SentimentAnalyzer, type SentimentResult } from '../../ports/sentiment-analyzer.js';
import type { Language } from '../../ports/text-analyzer.js';
import type { PromptLibrary } from '../prompts/prompt-library.js';
import { unfiltered, type ModelInputFilter } from '../answering/model-input-filter.js';
import { askForJson, readJsonReply } from '../answering/model-reply.js';

// Words models use for our labels ("anger", "fear" ...), as the suites' sources map them.
const EMOTION_ALIASES: Record<string, Emotion> = {
  anger: 'angry', annoyed: 'angry', annoyance: 'angry', frustrated: 'angry', frustration: 'angry',
  fear: 'anxious', afraid: 'anxious', worried: 'anxious', worry: 'anxious', nervous: 'anxious', nervousness: 'anxious',
  sadness: 'sad', disappointed: 'sad', disappointment: 'sad',
  joy: 'happy', happiness: 'happy', grateful: 'happy', gratitude: 'happy', relief: 'happy',
  surprise: 'surprised',
  none: 'neutral', calm: 'neutral',
};
const label = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v);
const Reply = z.object({
  sentiment: z.preprocess(label, z.enum(['negative', 'neutral', 'positive'])),
  emotion: z.preprocess((v) => {
    const l = label(v);
    return typeof l === 'string' ? (EMOTION_ALIASES[l] ?? l) : l;
  }, z.enum(EMOTIONS as [Emotion, ...Emotion[]])).catch('neutral'),
  intensity: z.coerce.number().min(0).max(1).catch(0.5).default(0.5),
});

export const readSentimentReply = (text: string) => readJsonReply(text, Reply);

function toResult(r: z.infer<typeof Reply>, language: Language, analyzer: string): SentimentResult {
  const strength = r.sentiment === 'neutral' ? 0 : Math.max(0.1, r.intensity);
  const sign: Record<Sentiment, number> = { negative: -1, neutral: 0, positive: 1 };
  // The model gives labels, not probabilities: a strong feeling is taken as a surer call.
  const top = r.emotion === 'neutral' ? 0.7 : 0.6 + 0.4 * r.intensity;
  const emotionScores = Object.fromEntries(EMOTIONS.map((e) => [e, e === r.emotion ? top : (1 - top) / (EMOTIONS.length - 1)])) as Record<Emotion, number>;
  return {
    sentiment: r.sentiment,
    sentimentScore: sign[r.sentiment] * strength,
    confidence: r.sentiment === 'neutral' ? 0.7 : 0.6 + 0.4 * r.intensity,
    emotion: r.emotion,
    emotionScores,
    language,
    signals: [`llm:${r.sentiment}/${r.emotion}/${r.intensity}`],
    analyzer,
  };
}

export interface LlmSentimentOptions {
  /** Past this, the fallback analyzer answers instead: a turn does not wait on a slow model. */
  timeoutMs: number;
  filter?: ModelInputFilter;
  log?: { warn: (obj: object, msg: string) => void };
}

/**
 * Sentiment and emotion by the configured chat model (prompts/sentiment-classify.*.md), for
 * what a lexicon cannot read: sarcasm, complaints made only of facts, mixed reviews. Whatever
 * goes wrong (timeout, an error, a reply that is not the JSON asked for), the fallback analyzer
 * (the offline lexicon) answers, and the result says so in `analyzer` and `signals`.
 */
export class LlmSentimentAnalyzer implements SentimentAnalyzer {
  private readonly filter: ModelInputFilter;

  constructor(
    private readonly model: BaseChatModel,
    readonly id: string,
    private readonly prompts: PromptLibrary,
    private readonly fallback: SentimentAnalyzer,
    private readonly opts: LlmSentimentOptions,
  ) {
    this.filter = opts.filter ?? unfiltered;
  }

  async analyze(text: string, opts: { language?: Language } = {}): Promise<SentimentResult> {
    const language = opts.language ?? detectLanguage(text);
    // The message may not close or fake its fence (the same rule as the answer prompt's data).
    const prompt = this.prompts.render('sentiment-classify', language, { message: stripFenceTags(this.filter(text)) });
    const answer = await askForJson(this.model, prompt.text, Reply, this.opts.timeoutMs);
    if (answer.ok) return toResult(answer.data, language, this.id);
    this.opts.log?.warn({ analyzer: this.id, err: answer.err, reply: answer.reply?.slice(0, 200) }, `sentiment model ${answer.reason}; lexicon used`);
    const r = await this.fallback.analyze(text, { language });
    return { ...r, analyzer: r.analyzer ?? this.fallback.id, signals: [...(r.signals ?? []), `llm-fallback:${answer.reason}`] };
  }
}
