import {
  chooseOosThreshold,
  crossValidate,
  DEFAULT_INTENT_PARAMS,
  fitPlatt,
  platt,
  rank,
  scoreSkills,
  trainIntentModel,
  vectorize,
  type IntentModel,
  type IntentModelParams,
} from '../../domain/intent-model.js';
import type { IntentClassifier, IntentResult, SkillExemplar } from '../../ports/intent-classifier.js';
import type { Language, TextAnalyzer } from '../../ports/text-analyzer.js';
import { DEFAULT_FEATURE_WEIGHTS, intentFeatures, type IntentFeatureWeights } from './intent-features.js';

export interface ExemplarIntentClassifierOptions {
  features?: Partial<IntentFeatureWeights>;
  params?: Partial<IntentModelParams>;
  /**
   * Out-of-scope rule: `'auto'` (default) picks the top-score threshold by cross-validation on the
   * exemplars (whole skills held out play out-of-scope messages); a number fixes it; `'off'` always routes.
   */
  oosThreshold?: 'auto' | 'off' | number;
  /** With `'auto'`: the largest share of held-out in-scope exemplars the threshold may reject (default 0.1). */
  maxFalseRejectRate?: number;
  /**
   * The out-of-scope statistic is top score + this x (top - second score) (default 1: a clear winner
   * is in scope even when its score is modest; chosen by exemplar cross-validation).
   */
  oosMarginWeight?: number;
  /** false: no cross-validation (a fixed threshold, or none, and a generic confidence mapping). Default true. */
  calibrate?: boolean;
  /** Folds of the calibration cross-validation (default 5). */
  folds?: number;
  /**
   * A skill's name of several words ("card_swallowed" → "card swallowed") shapes its centroid and
   * the linear model like one more exemplar (default true): names tell sibling skills apart where
   * their exemplars share every word.
   */
  nameExemplars?: boolean;
}

export interface IntentCalibration {
  /** Out-of-scope statistic (top score + marginWeight x margin) below which a message is out of scope (0 = never). */
  threshold: number;
  marginWeight: number;
  /** Cross-validated on the exemplars: routing accuracy of held-out in-scope exemplars (before rejection). */
  cvAccuracy: number;
  /** Cross-validated F1 of rejecting exemplars of held-out skills, and share of in-scope exemplars rejected, at `threshold`. */
  cvOosF1: number;
  cvFalseRejectRate: number;
  /** P(routed right | top score) = 1 / (1 + exp(-(a x score + b))). */
  platt: { a: number; b: number };
  exemplars: number;
  skills: number;
  trainMs: number;
}

/**
 * The offline default: TF-IDF over analyzer terms (jieba words and character bigrams for Chinese,
 * stems, word pairs, function words and character 4-grams for English); each skill is scored by
 * its centroid (Rocchio) and nearest exemplars, blended with a softmax regression trained on the
 * exemplars at start-up. The out-of-scope threshold and the confidence mapping are calibrated on
 * the exemplars by cross-validation, never on test messages. Weights: docs/evals.md "Intent routing".
 */
export class ExemplarIntentClassifier implements IntentClassifier {
  static readonly ID = 'exemplar:v1';
  readonly id = ExemplarIntentClassifier.ID;
  readonly skills: readonly string[];

  private constructor(
    private readonly analyzer: TextAnalyzer,
    private readonly model: IntentModel,
    private readonly features: IntentFeatureWeights,
    readonly calibration: IntentCalibration,
  ) {
    this.skills = model.skills;
  }

  static create(analyzer: TextAnalyzer, exemplars: SkillExemplar[], opts: ExemplarIntentClassifierOptions = {}): ExemplarIntentClassifier {
    const t0 = performance.now();
    const usable = exemplars.filter((e) => e.skill && e.text.trim());
    if (new Set(usable.map((e) => e.skill)).size < 1) throw new Error('intent classifier: no exemplars');
    const features = { ...DEFAULT_FEATURE_WEIGHTS, ...opts.features };
    const params = { ...DEFAULT_INTENT_PARAMS, ...opts.params };
    const items = usable.map((e) => ({ skill: e.skill, bag: intentFeatures(analyzer, e.text, features) }));
    const names = opts.nameExemplars === false ? [] : nameItems(analyzer, usable, features);
    const model = trainIntentModel([...items, ...names], params);
    const nSkills = model.skills.length;
    const marginWeight = opts.oosMarginWeight ?? 1;
    let threshold = typeof opts.oosThreshold === 'number' ? opts.oosThreshold : 0;
    let cvAccuracy = NaN;
    let cvOosF1 = NaN;
    let cvFalseRejectRate = NaN;
    let plattFit = { a: 10, b: -3 };
    // Cross-validation needs a few exemplars per skill and several skills.
    if (opts.calibrate !== false && nSkills >= 3 && usable.length >= 3 * nSkills) {
      const held = crossValidate(items, params, { folds: opts.folds ?? 5, heldOutSkillShare: 0.2, alwaysTrain: names }).map((h) => ({ ...h, stat: h.score + marginWeight * h.margin }));
      const inScope = held.filter((h) => h.gold !== null);
      cvAccuracy = inScope.filter((h) => h.top === h.gold).length / inScope.length;
      const chosen = chooseOosThreshold(held.map((h) => ({ ...h, score: h.stat })), { maxFalseRejectRate: opts.maxFalseRejectRate ?? 0.1 });
      if ((opts.oosThreshold ?? 'auto') === 'auto') threshold = chosen.threshold;
      const at = (t: number) => {
        const pos = held.filter((h) => h.gold === null);
        const tp = pos.filter((h) => h.stat < t).length;
        const fp = inScope.filter((h) => h.stat < t).length;
        return { f1: pos.length ? (2 * tp) / (tp + fp + pos.length) : 0, fr: inScope.length ? fp / inScope.length : 0 };
      };
      const m = at(threshold);
      cvOosF1 = m.f1;
      cvFalseRejectRate = m.fr;
      plattFit = fitPlatt(held.map((h) => h.score), held.map((h) => h.gold !== null && h.top === h.gold));
    }
    if (opts.oosThreshold === 'off') threshold = 0;
    const calibration: IntentCalibration = {
      threshold: round(threshold),
      marginWeight,
      cvAccuracy: round(cvAccuracy),
      cvOosF1: round(cvOosF1),
      cvFalseRejectRate: round(cvFalseRejectRate),
      platt: { a: round(plattFit.a), b: round(plattFit.b) },
      exemplars: usable.length,
      skills: nSkills,
      trainMs: Math.round(performance.now() - t0),
    };
    return new ExemplarIntentClassifier(analyzer, model, features, calibration);
  }

  async classify(text: string, _opts: { language?: Language } = {}): Promise<IntentResult> {
    return this.classifySync(text);
  }

  /** The same, synchronously (the model is in memory). */
  classifySync(text: string): IntentResult {
    const q = vectorize(this.model, intentFeatures(this.analyzer, text, this.features));
    const ranking = rank(this.model, scoreSkills(this.model, q)).map((r) => ({ skill: r.skill, score: round(r.score) }));
    const top = ranking[0];
    const stat = top.score + this.calibration.marginWeight * (top.score - (ranking[1]?.score ?? 0));
    const inScope = stat >= this.calibration.threshold && top.score > 0;
    const p = platt(this.calibration.platt, top.score);
    return { skill: inScope ? top.skill : null, score: top.score, confidence: round(inScope ? p : 1 - p), ranking };
  }
}

/** A skill's name as a text: words split at `_`, `-`, spaces and camelCase; nothing for a name with no words. */
function skillNameText(skill: string): string {
  return skill
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_\-\s]+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Names of two words or more as exemplars ("card_swallowed", "getting_spare_card"), only where
 * they are in the script of the skill's own exemplars: an English name over Chinese exemplars
 * ("video" for 播放周杰伦的歌) shares nothing with the messages and only dilutes its skill's
 * centroid. A one-word name ("refund") repeats a word its exemplars already carry; with a handful
 * of skills it only added noise to the out-of-scope calibration.
 */
function nameItems(analyzer: TextAnalyzer, exemplars: SkillExemplar[], features: IntentFeatureWeights) {
  const han = (t: string) => /\p{Script=Han}/u.test(t);
  const hanShare = new Map<string, { han: number; all: number }>();
  for (const e of exemplars) {
    const c = hanShare.get(e.skill) ?? { han: 0, all: 0 };
    c.all++;
    if (han(e.text)) c.han++;
    hanShare.set(e.skill, c);
  }
  return [...hanShare]
    .filter(([skill, c]) => skillNameText(skill).split(' ').length >= 2 && han(skill) === c.han * 2 > c.all)
    .map(([skill]) => ({ skill, bag: intentFeatures(analyzer, skillNameText(skill), features), name: true }))
    .filter((it) => it.bag.size > 0);
}

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 10000) / 10000 : x);
