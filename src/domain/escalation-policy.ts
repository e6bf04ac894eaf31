import type { AnswerKind, MessageSentiment } from './conversation.js';

/**
 * When to hand a conversation to a person, decided after every turn (or before answering, when
 * the customer asks for one). Pure: the thresholds come from configuration per knowledge base,
 * the confidence threshold from calibration (docs/evals.md).
 */
export type EscalationReason = 'customer_request' | 'low_confidence' | 'repeated_failure' | 'negative_emotion' | 'sensitive_intent';
export type SensitiveIntent = 'refund' | 'complaint' | 'legal' | 'account_security';

export interface EscalationSettings {
  enabled: boolean;
  /** Answers below this confidence are not given; the customer is offered a person. */
  confidenceThreshold: number;
  /** This many weak turns in a row (low confidence, no answer, clarification) hand off. */
  failedTurns: number;
  /** Negative sentiment at least this sure, with an unresolved issue, hands off. */
  negativeConfidence: number;
  sensitiveIntents: SensitiveIntent[];
}

export const DEFAULT_ESCALATION: EscalationSettings = {
  enabled: true,
  confidenceThreshold: 0.4,
  failedTurns: 2,
  negativeConfidence: 0.6,
  sensitiveIntents: ['complaint', 'legal', 'account_security'],
};

// "转人工", "人工客服", "找客服", "talk to a person", "agent" and their variants; a refusal
// ("不用转人工", "no need for an agent") is not a request.
const HUMAN_ZH = /(转|接|找|要|换|叫|呼叫|联系)\s*(个)?\s*(人工|真人|客服|活人)|人工(客服|服务|坐席|座席)|真人客服|在线客服|^\s*人工\s*[!！。.]*\s*$/;
const HUMAN_ZH_NEGATED = /(不用|不要|不需要|别|无需|不必)\s*(转|接|找)?\s*(人工|真人|客服)/;
const HUMAN_EN =
  /\b(talk|speak|chat|connect|transfer|put)\b[^.?!]{0,30}\b(human|person|agent|representative|rep|operator|someone|somebody|manager|supervisor|staff)\b|\b(real|live|actual)\s+(person|human|agent)\b|\bhuman\s+(agent|being|support)\b|^\s*(agent|human|operator|representative)\s*[.!?]*\s*$/i;
const HUMAN_EN_NEGATED = /\b(no|don't|do not|dont|without)\b[^.?!]{0,20}\b(human|agent|person|representative)\b/i;

export function asksForHuman(text: string): boolean {
  const t = text.trim();
  if (HUMAN_ZH.test(t) && !HUMAN_ZH_NEGATED.test(t)) return true;
  return HUMAN_EN.test(t) && !HUMAN_EN_NEGATED.test(t);
}

const SENSITIVE: Record<SensitiveIntent, RegExp> = {
  refund: /退款|退钱|把钱退|\brefund|money back\b/i,
  complaint: /投诉|举报|差评|曝光|12315|消协|\bcomplain|\bcomplaint\b/i,
  legal: /律师|起诉|法院|诉讼|仲裁|报警|工商局|\blawyer|\bsue\b|\blawsuit|legal action|\battorney/i,
  account_security: /被盗|盗号|盗刷|被人登录|异常登录|账号被|账户被|冒用|被扣款|\bhacked\b|stolen (account|card)|unauthori[sz]ed (charge|login|access|transaction)|\bfraud/i,
};

export function sensitiveIntentOf(text: string, enabled: SensitiveIntent[]): SensitiveIntent | undefined {
  return enabled.find((intent) => SENSITIVE[intent].test(text));
}

/** Character-bigram overlap: a customer who repeats or rephrases was not helped. */
export function similarity(a: string, b: string): number {
  const grams = (s: string) => {
    const t = s.toLowerCase().replace(/[\s\p{P}]+/gu, '');
    const out = new Set<string>();
    for (let i = 0; i < t.length - 1; i++) out.add(t.slice(i, i + 2));
    return out;
  };
  const x = grams(a);
  const y = grams(b);
  if (!x.size || !y.size) return 0;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return common / Math.min(x.size, y.size);
}

export interface TurnFacts {
  message: string;
  sentiment: MessageSentiment | null;
  confidence: number;
  kind: AnswerKind;
}

export interface PastTurn {
  role: 'user' | 'assistant' | 'agent';
  content: string;
  confidence?: number | null;
  kind?: AnswerKind | null;
  sentiment?: MessageSentiment | null;
}

export interface EscalationDecision {
  escalate: boolean;
  reason?: EscalationReason;
  detail?: string;
}

const weak = (kind: AnswerKind | null | undefined, confidence: number | null | undefined, threshold: number) =>
  kind === 'no_answer' || kind === 'clarification' || (confidence != null && confidence < threshold);

export function decideEscalation(turn: TurnFacts, history: PastTurn[], s: EscalationSettings = DEFAULT_ESCALATION): EscalationDecision {
  if (!s.enabled) return { escalate: false };
  if (asksForHuman(turn.message)) return { escalate: true, reason: 'customer_request' };
  const sensitive = sensitiveIntentOf(turn.message, s.sensitiveIntents);
  if (sensitive) return { escalate: true, reason: 'sensitive_intent', detail: sensitive };

  const lowNow = weak(turn.kind, turn.confidence, s.confidenceThreshold);
  const previousAnswers = history.filter((t) => t.role === 'assistant');
  let run = lowNow && turn.kind !== 'clarification' ? 1 : 0;
  if (lowNow) for (let i = previousAnswers.length - 1; i >= 0 && weak(previousAnswers[i]!.kind, previousAnswers[i]!.confidence, s.confidenceThreshold); i--) run++;
  if (run >= s.failedTurns) return { escalate: true, reason: 'repeated_failure', detail: `${run} weak answers in a row` };
  const lastUser = [...history].reverse().find((t) => t.role === 'user');
  if (lastUser && previousAnswers.length && similarity(lastUser.content, turn.message) >= 0.7 && turn.message.length >= 4)
    return { escalate: true, reason: 'repeated_failure', detail: 'the customer repeated the question' };

  const st = turn.sentiment;
  if (st && st.sentiment === 'negative' && st.confidence >= s.negativeConfidence && (st.emotion === 'angry' || st.emotion === 'anxious')) {
    const wasNegative = lastUser?.sentiment?.sentiment === 'negative';
    if (lowNow || wasNegative) return { escalate: true, reason: 'negative_emotion', detail: st.emotion };
  }
  if (turn.kind === 'no_answer' || (turn.kind !== 'clarification' && turn.confidence < s.confidenceThreshold))
    return { escalate: true, reason: 'low_confidence', detail: turn.confidence.toFixed(2) };
  return { escalate: false };
}
