/**
 * Metrics of `intent` suites (../shared/evals/README.md): routing accuracy over answer cases
 * (escalating one counts as wrong), out-of-scope precision / recall / F1 with escalate as the
 * positive class, the false-escalation rate, and precision / recall of a chit-chat skill.
 */
export interface IntentRecord {
  lang: string;
  /** Slice keys beyond the language, e.g. `domain:banking`. */
  slices: string[];
  /** Gold skill, or null for an `action: escalate` case. */
  gold: string | null;
  /** Predicted skill, or null when the classifier escalated (out of scope). */
  pred: string | null;
  /** The best-ranked skill even when the classifier escalated, when it says. */
  top?: string;
}

export interface IntentMetrics {
  cases: number;
  answer_cases: number;
  escalate_cases: number;
  /** Correct skill among answer cases; an escalated answer case is wrong. Null without answer cases. */
  routing_accuracy: number | null;
  /** Correct skill among answer cases the classifier did route (how good routing is when it routes). */
  routed_accuracy: number | null;
  /** Best-ranked skill right among answer cases, whether or not the classifier escalated (routing with no out-of-scope rule). */
  top1_accuracy?: number | null;
  /** Share of answer cases escalated. Null without answer cases. */
  false_escalation_rate: number | null;
  /** Escalate as the positive class; null when the slice has no escalate case. Precision is 0 when nothing was escalated. */
  oos_precision: number | null;
  oos_recall: number | null;
  oos_f1: number | null;
  /** Precision / recall of the chit-chat skill (`chat`), when some gold case carries it. */
  chat_cases?: number;
  chat_precision?: number | null;
  chat_recall?: number | null;
}

export function intentMetrics(records: IntentRecord[], opts: { chatSkill?: string } = {}): IntentMetrics {
  const chat = opts.chatSkill ?? 'chat';
  const answer = records.filter((r) => r.gold !== null);
  const esc = records.filter((r) => r.gold === null);
  const routed = answer.filter((r) => r.pred !== null);
  const tp = esc.filter((r) => r.pred === null).length;
  const predEsc = records.filter((r) => r.pred === null).length;
  const precision = predEsc ? tp / predEsc : 0;
  const recall = esc.length ? tp / esc.length : 0;
  const m: IntentMetrics = {
    cases: records.length,
    answer_cases: answer.length,
    escalate_cases: esc.length,
    routing_accuracy: answer.length ? round(answer.filter((r) => r.pred === r.gold).length / answer.length) : null,
    routed_accuracy: routed.length ? round(routed.filter((r) => r.pred === r.gold).length / routed.length) : null,
    ...(records.some((r) => r.top !== undefined) ? { top1_accuracy: answer.length ? round(answer.filter((r) => (r.top ?? r.pred) === r.gold).length / answer.length) : null } : {}),
    false_escalation_rate: answer.length ? round((answer.length - routed.length) / answer.length) : null,
    oos_precision: esc.length ? round(precision) : null,
    oos_recall: esc.length ? round(recall) : null,
    oos_f1: esc.length ? round(precision + recall ? (2 * precision * recall) / (precision + recall) : 0) : null,
  };
  const chatGold = records.filter((r) => r.gold === chat);
  if (chatGold.length) {
    const chatPred = records.filter((r) => r.pred === chat);
    const hit = chatGold.filter((r) => r.pred === chat).length;
    m.chat_cases = chatGold.length;
    m.chat_precision = chatPred.length ? round(hit / chatPred.length) : null;
    m.chat_recall = round(hit / chatGold.length);
  }
  return m;
}

export function groupIntentMetrics(records: IntentRecord[], key: (r: IntentRecord) => string[], opts: { chatSkill?: string } = {}): Record<string, IntentMetrics> {
  const groups = new Map<string, IntentRecord[]>();
  for (const r of records) for (const k of key(r)) groups.set(k, [...(groups.get(k) ?? []), r]);
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, rs]) => [k, intentMetrics(rs, opts)]));
}

/** The most frequent (gold -> predicted) errors, escalation written as `(escalate)`. */
export function topConfusions(records: IntentRecord[], n = 15): Array<{ gold: string; pred: string; count: number }> {
  const counts = new Map<string, number>();
  for (const r of records) {
    if (r.pred === r.gold) continue;
    const k = `${r.gold ?? '(escalate)'}\0${r.pred ?? '(escalate)'}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([k, count]) => {
      const [gold, pred] = k.split('\0');
      return { gold, pred, count };
    });
}

/** Every (gold, predicted) pair with its count, right ones included (`(escalate)` for null): a confusion matrix. */
export function confusionCounts(pairs: Array<{ gold: string | null; pred: string | null }>): Array<{ gold: string; pred: string; count: number }> {
  const counts = new Map<string, number>();
  for (const r of pairs) {
    const k = `${r.gold ?? '(escalate)'}\0${r.pred ?? '(escalate)'}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => a[0].localeCompare(b[0])).map(([k, count]) => {
    const [gold, pred] = k.split('\0');
    return { gold, pred, count };
  });
}

const round = (x: number) => Math.round(x * 10000) / 10000;
