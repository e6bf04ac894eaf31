/**
 * `answer_f1`: token-overlap F1 between an answer and the reference, SQuAD-style. Chinese is
 * compared character by character (no segmenter disagreements), other scripts by lower-cased
 * word; punctuation and Markdown syntax are ignored, so a table or list scores by its content.
 */
export function answerTokens(text: string): string[] {
  const tokens: string[] = [];
  const normalised = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/```[a-z]*\n?/g, ' ')
    .replace(/\]\([^)]*\)/g, ' ');
  for (const m of normalised.matchAll(/\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:['’](?:(?!\p{Script=Han})\p{L})+)?/gu)) {
    const t = m[0];
    if (/^\p{Script=Han}$/u.test(t)) tokens.push(t);
    else if (!['a', 'an', 'the'].includes(t)) tokens.push(t);
  }
  return tokens;
}

export function answerF1(answer: string, reference: string): number {
  const got = answerTokens(answer);
  const want = answerTokens(reference);
  if (!got.length || !want.length) return got.length === want.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of want) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of got) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common++;
      counts.set(t, n - 1);
    }
  }
  if (!common) return 0;
  const precision = common / got.length;
  const recall = common / want.length;
  return (2 * precision * recall) / (precision + recall);
}

export interface ReliabilityRow {
  bucket: string;
  cases: number;
  meanConfidence: number;
  observedCorrect: number;
}

/** Predicted confidence in buckets of 0.1 against the share of answers that were right. */
export function reliabilityTable(records: Array<{ confidence: number; correct: boolean }>, buckets = 10): { rows: ReliabilityRow[]; ece: number } {
  const rows: ReliabilityRow[] = [];
  let ece = 0;
  for (let b = 0; b < buckets; b++) {
    const lo = b / buckets;
    const hi = (b + 1) / buckets;
    const inside = records.filter((r) => r.confidence >= lo && (r.confidence < hi || (b === buckets - 1 && r.confidence <= 1)));
    if (!inside.length) continue;
    const mean = inside.reduce((s, r) => s + r.confidence, 0) / inside.length;
    const observed = inside.filter((r) => r.correct).length / inside.length;
    ece += (inside.length / records.length) * Math.abs(mean - observed);
    rows.push({ bucket: `${lo.toFixed(1)}–${hi.toFixed(1)}`, cases: inside.length, meanConfidence: mean, observedCorrect: observed });
  }
  return { rows, ece };
}
