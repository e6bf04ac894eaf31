import { describe, expect, it } from 'vitest';
import { groupIntentMetrics, intentMetrics, topConfusions, type IntentRecord } from '../../evals/intent-metrics.js';

const r = (lang: string, gold: string | null, pred: string | null): IntentRecord => ({ lang, slices: [], gold, pred });

describe('intent metrics', () => {
  it('computes routing accuracy, false escalations and OOS P/R/F1 by hand', () => {
    const records = [
      r('en', 'a', 'a'), // right
      r('en', 'a', 'b'), // wrong skill
      r('en', 'b', null), // escalated an answer case: wrong, false escalation
      r('en', 'b', 'b'), // right
      r('en', null, null), // OOS caught
      r('en', null, 'a'), // OOS missed
      r('en', null, null), // OOS caught
    ];
    // routing 2/4; routed 2/3; false escalation 1/4; OOS: tp 2, predicted escalations 3, gold 3 -> P 2/3, R 2/3, F1 2/3.
    expect(intentMetrics(records)).toEqual({
      cases: 7,
      answer_cases: 4,
      escalate_cases: 3,
      routing_accuracy: 0.5,
      routed_accuracy: 0.6667,
      false_escalation_rate: 0.25,
      oos_precision: 0.6667,
      oos_recall: 0.6667,
      oos_f1: 0.6667,
    });
  });

  it('reports no OOS figures without escalate cases, and chat precision / recall when a chat skill is present', () => {
    const records = [r('zh', 'chat', 'chat'), r('zh', 'chat', 'music'), r('zh', 'music', 'chat'), r('zh', 'music', 'music'), r('zh', 'chat', null)];
    const m = intentMetrics(records);
    expect(m).toMatchObject({ routing_accuracy: 0.4, false_escalation_rate: 0.2, oos_precision: null, oos_recall: null, oos_f1: null });
    // chat: gold 3, predicted 2, both right 1 -> P 1/2, R 1/3.
    expect(m).toMatchObject({ chat_cases: 3, chat_precision: 0.5, chat_recall: 0.3333 });
    expect(intentMetrics([r('en', 'a', 'a')])).not.toHaveProperty('chat_precision');
  });

  it('gives OOS precision 0 when nothing is escalated, and groups per slice', () => {
    const m = intentMetrics([r('en', null, 'a'), r('en', 'a', 'a')]);
    expect(m).toMatchObject({ oos_precision: 0, oos_recall: 0, oos_f1: 0, routing_accuracy: 1 });
    const g = groupIntentMetrics([r('en', 'a', 'a'), r('zh', 'a', 'b')], (x) => [x.lang]);
    expect(Object.keys(g)).toEqual(['en', 'zh']);
    expect(g.zh).toMatchObject({ cases: 1, routing_accuracy: 0 });
  });

  it('reports top-1 accuracy ignoring escalation when the ranking is known', () => {
    const m = intentMetrics([{ ...r('en', 'a', null), top: 'a' }, { ...r('en', 'b', 'c'), top: 'c' }, { ...r('en', null, null), top: 'a' }]);
    expect(m).toMatchObject({ routing_accuracy: 0, top1_accuracy: 0.5, false_escalation_rate: 0.5 });
  });

  it('counts the most frequent confusions', () => {
    const c = topConfusions([r('en', 'a', 'b'), r('en', 'a', 'b'), r('en', null, 'a'), r('en', 'b', 'b')]);
    expect(c).toEqual([{ gold: 'a', pred: 'b', count: 2 }, { gold: '(escalate)', pred: 'a', count: 1 }]);
  });
});
