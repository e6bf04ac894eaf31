/**
 * Pure math of the offline intent classifier: TF-IDF over weighted features, per-skill centroids
 * (Rocchio) blended with nearest exemplars (kNN), an out-of-scope threshold and a confidence
 * mapping chosen by cross-validation on the exemplars themselves. No I/O, no tokenisation: the
 * caller turns each text into a bag of weighted features.
 */

/** A bag of features: feature -> weight (term-kind weight x sublinear count), before IDF. */
export type FeatureBag = Map<string, number>;

export interface SparseVec {
  idx: Int32Array;
  val: Float64Array;
}

export interface IntentModelParams {
  /** Weight of the centroid cosine against the nearest-exemplar cosine (0 = pure kNN, 1 = pure centroid). */
  centroidWeight: number;
  /** Mean of the k best exemplar cosines of a skill (k = 1: nearest neighbour). */
  k: number;
  /** Weight of the softmax probability of a linear model trained on the exemplars (0 = no linear model). */
  linearWeight: number;
  /** Smoothed IDF raised to this power: below 1 softens it, so shared function words still count a little. */
  idfPower: number;
  /** Training of that linear model. */
  linear?: { epochs?: number; lr?: number; l2?: number };
}

// Chosen by 5-fold cross-validation on the shared intent suites' skills files (exemplars only), see docs/evals.md.
export const DEFAULT_INTENT_PARAMS: IntentModelParams = { centroidWeight: 0.5, k: 2, linearWeight: 0.5, linear: { epochs: 5 }, idfPower: 0.75 };

export interface IntentModel {
  skills: string[];
  vocab: Map<string, number>;
  idf: Float64Array;
  /** L2-normalised centroid per skill, sparse. */
  centroids: SparseVec[];
  /** L2-normalised exemplar vectors and their skill index. */
  exemplars: Array<{ vec: SparseVec; skill: number }>;
  /** Exemplar vectors indexed by feature (inverted lists), for fast cosine to every exemplar. */
  postings: Array<Array<{ ex: number; w: number }>>;
  params: IntentModelParams;
  linear?: LinearWeights;
}

/**
 * An exemplar, or (`name: true`) a skill's name: it shapes the skill's centroid and the linear
 * model but is no neighbour of its own, since a one-word name would be a near-perfect match for
 * any message that has the word.
 */
export interface TrainingItem {
  skill: string;
  bag: FeatureBag;
  name?: boolean;
}

export function trainIntentModel(items: TrainingItem[], params: IntentModelParams = DEFAULT_INTENT_PARAMS): IntentModel {
  const skills = [...new Set(items.map((i) => i.skill))].sort();
  const skillIndex = new Map(skills.map((s, i) => [s, i]));
  const vocab = new Map<string, number>();
  const df: number[] = [];
  for (const it of items) {
    for (const f of it.bag.keys()) {
      let j = vocab.get(f);
      if (j === undefined) {
        j = vocab.size;
        vocab.set(f, j);
        df.push(0);
      }
      df[j]++;
    }
  }
  const n = items.length;
  const idf = Float64Array.from(df, (d) => (Math.log((1 + n) / (1 + d)) + 1) ** params.idfPower);
  const model: IntentModel = { skills, vocab, idf, centroids: [], exemplars: [], postings: Array.from({ length: vocab.size }, () => []), params };
  const sums: Array<Map<number, number>> = skills.map(() => new Map());
  items.forEach((it, e) => {
    const vec = vectorize(model, it.bag);
    const s = skillIndex.get(it.skill)!;
    model.exemplars.push({ vec, skill: s });
    for (let q = 0; q < vec.idx.length; q++) {
      if (!it.name) model.postings[vec.idx[q]].push({ ex: e, w: vec.val[q] });
      sums[s].set(vec.idx[q], (sums[s].get(vec.idx[q]) ?? 0) + vec.val[q]);
    }
  });
  model.centroids = sums.map((m) => normalize([...m].sort((a, b) => a[0] - b[0])));
  if (params.linearWeight > 0) model.linear = trainLinear(model, params.linear);
  return model;
}

/** TF-IDF vector of a bag in the model's vocabulary (unknown features dropped), L2-normalised. */
export function vectorize(model: Pick<IntentModel, 'vocab' | 'idf'>, bag: FeatureBag): SparseVec {
  const entries: Array<[number, number]> = [];
  for (const [f, tf] of bag) {
    const j = model.vocab.get(f);
    if (j === undefined || tf <= 0) continue;
    entries.push([j, tf * model.idf[j]]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  return normalize(entries);
}

function normalize(entries: Array<[number, number]>): SparseVec {
  let norm = 0;
  for (const [, v] of entries) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  return { idx: Int32Array.from(entries, (e) => e[0]), val: Float64Array.from(entries, (e) => e[1] / norm) };
}

function dot(a: SparseVec, b: SparseVec): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.idx.length && j < b.idx.length) {
    if (a.idx[i] === b.idx[j]) s += a.val[i++] * b.val[j++];
    else if (a.idx[i] < b.idx[j]) i++;
    else j++;
  }
  return s;
}

/**
 * One score per skill in [0, 1]: centroidWeight x cos(query, centroid) + (1 - centroidWeight) x
 * mean of the k best cos(query, exemplar) of that skill (blended with the linear model's probability when there is one).
 */
export function scoreSkills(model: IntentModel, q: SparseVec): Float64Array {
  const { centroidWeight: a, k } = model.params;
  const sims = new Float64Array(model.exemplars.length);
  for (let t = 0; t < q.idx.length; t++) for (const p of model.postings[q.idx[t]]) sims[p.ex] += q.val[t] * p.w;
  const best: number[][] = model.skills.map(() => []);
  for (let e = 0; e < sims.length; e++) {
    const top = best[model.exemplars[e].skill];
    const s = sims[e];
    if (top.length < k) {
      top.push(s);
      top.sort((x, y) => y - x);
    } else if (s > top[k - 1]) {
      top[k - 1] = s;
      top.sort((x, y) => y - x);
    }
  }
  const out = new Float64Array(model.skills.length);
  for (let s = 0; s < out.length; s++) {
    const top = best[s];
    const knn = top.length ? top.reduce((x, y) => x + y, 0) / k : 0;
    out[s] = a * (a > 0 ? dot(q, model.centroids[s]) : 0) + (1 - a) * knn;
  }
  if (model.linear && model.params.linearWeight > 0) {
    const lw = model.params.linearWeight;
    // Probability above the uniform floor 1/C, so that a message sharing nothing with the exemplars
    // still scores 0 (a softmax alone always hands out 1/C, a lot with few skills).
    const p = q.idx.length ? linearProbabilities(model.linear, q) : new Float64Array(out.length);
    const floor = 1 / out.length;
    for (let s = 0; s < out.length; s++) out[s] = (1 - lw) * out[s] + lw * (out.length > 1 ? Math.max(0, p[s] - floor) / (1 - floor) : p[s]);
  }
  return out;
}

export interface Ranked {
  skill: string;
  score: number;
}

export function rank(model: IntentModel, scores: Float64Array): Ranked[] {
  return [...scores].map((score, i) => ({ skill: model.skills[i], score })).sort((x, y) => y.score - x.score || x.skill.localeCompare(y.skill));
}

/** Deterministic PRNG (mulberry32) for fold assignment. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface HeldOutScore {
  /** Gold skill of the held-out exemplar, or null when its whole skill was held out (pseudo out-of-scope). */
  gold: string | null;
  top: string;
  score: number;
  margin: number;
}

/**
 * Cross-validation on the exemplars. Each round holds out a share of the skills entirely (their
 * exemplars play out-of-scope messages) and one exemplar-fold of the remaining skills (in-scope
 * messages); the model is trained on the rest. Retraining per round keeps IDF honest.
 */
export function crossValidate(
  items: Array<{ skill: string; bag: FeatureBag }>,
  params: IntentModelParams,
  opts: {
    folds?: number;
    heldOutSkillShare?: number;
    seed?: number;
    /** Items in every fold's training set (unless their skill plays out-of-scope), never scored: the skills' names. */
    alwaysTrain?: TrainingItem[];
  } = {},
): HeldOutScore[] {
  const folds = opts.folds ?? 5;
  const rnd = seededRandom(opts.seed ?? 20250601);
  const skills = [...new Set(items.map((i) => i.skill))].sort();
  const skillFold = new Map(skills.map((s) => [s, Math.floor(rnd() * folds)]));
  // Stratified exemplar folds: round-robin within each skill after a shuffle.
  const exFold = new Array<number>(items.length);
  const bySkill = new Map<string, number[]>();
  items.forEach((it, i) => bySkill.set(it.skill, [...(bySkill.get(it.skill) ?? []), i]));
  for (const ids of bySkill.values()) {
    const order = ids.map((i) => [i, rnd()] as const).sort((a, b) => a[1] - b[1]);
    const offset = Math.floor(rnd() * folds);
    order.forEach(([i], r) => (exFold[i] = (r + offset) % folds));
  }
  const share = opts.heldOutSkillShare ?? 0.2;
  const out: HeldOutScore[] = [];
  for (let f = 0; f < folds; f++) {
    const oosSkills = new Set(share > 0 ? skills.filter((s) => (skillFold.get(s)! - f + folds) % folds < Math.round(share * folds)) : []);
    const train = [
      ...items.filter((it, i) => !oosSkills.has(it.skill) && exFold[i] !== f),
      ...(opts.alwaysTrain ?? []).filter((it) => !oosSkills.has(it.skill)),
    ];
    if (new Set(train.map((t) => t.skill)).size < 2) continue;
    const model = trainIntentModel(train, params);
    items.forEach((it, i) => {
      const oos = oosSkills.has(it.skill);
      if (!oos && exFold[i] !== f) return;
      // Pseudo out-of-scope: only one fold of a held-out skill, so each exemplar is scored once.
      if (oos && exFold[i] !== f) return;
      const r = rank(model, scoreSkills(model, vectorize(model, it.bag)));
      out.push({ gold: oos ? null : it.skill, top: r[0].skill, score: r[0].score, margin: r[0].score - (r[1]?.score ?? 0) });
    });
  }
  return out;
}

export interface OosThreshold {
  threshold: number;
  /** On the held-out exemplars: F1 of rejecting the pseudo out-of-scope ones, and the share of in-scope ones rejected. */
  f1: number;
  falseRejectRate: number;
}

/** The top-score threshold below which a message is out of scope: best F1 of rejection, ties to the lower threshold. */
export function chooseOosThreshold(held: HeldOutScore[], opts: { maxFalseRejectRate?: number } = {}): OosThreshold {
  const pos = held.filter((h) => h.gold === null).length;
  const neg = held.length - pos;
  if (!pos || !neg) return { threshold: 0, f1: 0, falseRejectRate: 0 };
  const cands = [...new Set(held.map((h) => h.score))].sort((a, b) => a - b);
  let best: OosThreshold = { threshold: 0, f1: 0, falseRejectRate: 0 };
  for (let c = 0; c < cands.length; c++) {
    // Reject when score < t, with t halfway to the next distinct score.
    const t = c + 1 < cands.length ? (cands[c] + cands[c + 1]) / 2 : cands[c] + 1e-9;
    let tp = 0;
    let fp = 0;
    for (const h of held) if (h.score < t) h.gold === null ? tp++ : fp++;
    const fr = fp / neg;
    if (opts.maxFalseRejectRate !== undefined && fr > opts.maxFalseRejectRate) break;
    const f1 = (2 * tp) / (tp + fp + pos);
    if (f1 > best.f1 + 1e-12) best = { threshold: t, f1, falseRejectRate: fr };
  }
  return best;
}

/** Platt scaling: P(correct | top score) = 1 / (1 + exp(-(a x score + b))), fitted by Newton steps. */
export function fitPlatt(xs: number[], ys: boolean[]): { a: number; b: number } {
  let a = 0;
  let b = 0;
  const n1 = ys.filter(Boolean).length;
  const n0 = ys.length - n1;
  // Platt's smoothed targets keep the fit finite when the data separate.
  const t1 = (n1 + 1) / (n1 + 2);
  const t0 = 1 / (n0 + 2);
  for (let it = 0; it < 50; it++) {
    let g1 = 0, g2 = 0, h11 = 1e-9, h22 = 1e-9, h12 = 0;
    xs.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-(a * x + b)));
      const d = p - (ys[i] ? t1 : t0);
      const w = p * (1 - p);
      g1 += d * x;
      g2 += d;
      h11 += w * x * x;
      h22 += w;
      h12 += w * x;
    });
    const det = h11 * h22 - h12 * h12;
    if (Math.abs(det) < 1e-15) break;
    const da = (h22 * g1 - h12 * g2) / det;
    const db = (h11 * g2 - h12 * g1) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}

export const platt = (p: { a: number; b: number }, x: number) => 1 / (1 + Math.exp(-(p.a * x + p.b)));

/** Multinomial logistic regression over the model's exemplar vectors: W stored feature-major (vocab x skills) and biases. */
export interface LinearWeights {
  w: Float64Array;
  b: Float64Array;
  classes: number;
}

/**
 * SGD with AdaGrad steps on the softmax loss plus L2, deterministic order per epoch (seeded
 * shuffle). Weights are stored feature-major so that one feature's weights for every skill are
 * adjacent in memory; classes the model already rules out for an exemplar get no update.
 */
export function trainLinear(model: IntentModel, opts: { epochs?: number; lr?: number; l2?: number; seed?: number } = {}): LinearWeights {
  const C = model.skills.length;
  const V = model.vocab.size;
  const epochs = opts.epochs ?? 5;
  const lr = opts.lr ?? 0.5;
  const l2 = opts.l2 ?? 1e-4;
  const w = new Float64Array(C * V);
  const b = new Float64Array(C);
  const gw = new Float64Array(C * V).fill(1e-8);
  const gb = new Float64Array(C).fill(1e-8);
  const rnd = seededRandom(opts.seed ?? 7);
  const order = model.exemplars.map((_, i) => i);
  const lin: LinearWeights = { w, b, classes: C };
  for (let ep = 0; ep < epochs; ep++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const e of order) {
      const { vec, skill } = model.exemplars[e];
      const p = linearProbabilities(lin, vec);
      for (let c = 0; c < C; c++) {
        const g = p[c] - (c === skill ? 1 : 0);
        if (c !== skill && g < 1e-3) continue;
        for (let t = 0; t < vec.idx.length; t++) {
          const k = vec.idx[t] * C + c;
          const gr = g * vec.val[t] + l2 * w[k];
          gw[k] += gr * gr;
          w[k] -= (lr * gr) / Math.sqrt(gw[k]);
        }
        gb[c] += g * g;
        b[c] -= (lr * g) / Math.sqrt(gb[c]);
      }
    }
  }
  return lin;
}

/** Softmax probabilities of the linear model for one query vector. */
export function linearProbabilities(lin: LinearWeights, q: SparseVec): Float64Array {
  const C = lin.classes;
  const z = Float64Array.from(lin.b);
  for (let t = 0; t < q.idx.length; t++) {
    const base = q.idx[t] * C;
    const v = q.val[t];
    for (let c = 0; c < C; c++) z[c] += lin.w[base + c] * v;
  }
  let max = -Infinity;
  for (let c = 0; c < C; c++) if (z[c] > max) max = z[c];
  let sum = 0;
  for (let c = 0; c < C; c++) sum += z[c] = Math.exp(z[c] - max);
  for (let c = 0; c < C; c++) z[c] /= sum;
  return z;
}
