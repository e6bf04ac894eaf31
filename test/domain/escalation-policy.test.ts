import { describe, expect, it } from 'vitest';
import { asksForHuman, decideEscalation, DEFAULT_ESCALATION, type PastTurn } from '../../src/domain/escalation-policy.js';
import type { MessageSentiment } from '../../src/domain/conversation.js';

const calm: MessageSentiment = { sentiment: 'neutral', sentimentScore: 0, emotion: 'neutral', confidence: 0.8, analyzer: 't' };
const angry: MessageSentiment = { sentiment: 'negative', sentimentScore: -0.8, emotion: 'angry', confidence: 0.9, analyzer: 't' };

describe('escalation policy', () => {
  it('recognises requests for a person in zh and en, but not refusals', () => {
    for (const t of ['转人工', '我要人工客服', '帮我找客服', '能不能接真人', 'talk to a person please', 'I want to speak with an agent', 'agent', 'Can I get a real person?'])
      expect(asksForHuman(t), t).toBe(true);
    for (const t of ['不用转人工了，谢谢', 'no need for an agent', 'how do I become an agent of the shop?', '人工智能是什么'])
      expect(asksForHuman(t), t).toBe(false);
  });

  it('hands off on low confidence, and not on a confident answer', () => {
    expect(decideEscalation({ message: '冰箱有卖吗', sentiment: calm, confidence: 0.2, kind: 'no_answer' }, [])).toMatchObject({ escalate: true, reason: 'low_confidence' });
    expect(decideEscalation({ message: '运费怎么算', sentiment: calm, confidence: 0.9, kind: 'answer' }, [])).toEqual({ escalate: false });
  });

  it('hands off after repeated weak turns or when the customer repeats the question', () => {
    const history: PastTurn[] = [
      { role: 'user', content: '手机电池多大' },
      { role: 'assistant', content: '哪一款？', kind: 'clarification', confidence: 0.6 },
    ];
    expect(decideEscalation({ message: '就是那个手机', sentiment: calm, confidence: 0.3, kind: 'no_answer' }, history)).toMatchObject({ reason: 'repeated_failure' });
    const answered: PastTurn[] = [
      { role: 'user', content: '退款多久能到账？' },
      { role: 'assistant', content: '1–2 个工作日', kind: 'faq', confidence: 0.9 },
    ];
    expect(decideEscalation({ message: '退款多久能到账啊', sentiment: calm, confidence: 0.9, kind: 'faq' }, answered)).toMatchObject({ reason: 'repeated_failure' });
  });

  it('hands off an angry customer whose issue is unresolved, not one who got a good answer once', () => {
    expect(decideEscalation({ message: '气死了，怎么还没发货', sentiment: angry, confidence: 0.3, kind: 'answer' }, [])).toMatchObject({ reason: 'negative_emotion' });
    expect(decideEscalation({ message: '气死了，怎么还没发货', sentiment: angry, confidence: 0.9, kind: 'answer' }, [])).toEqual({ escalate: false });
  });

  it('hands off configured sensitive intents only', () => {
    expect(decideEscalation({ message: '我要投诉你们', sentiment: calm, confidence: 0.9, kind: 'answer' }, [])).toMatchObject({ reason: 'sensitive_intent', detail: 'complaint' });
    expect(decideEscalation({ message: '退款多久到账', sentiment: calm, confidence: 0.9, kind: 'faq' }, [])).toEqual({ escalate: false });
    expect(
      decideEscalation({ message: '退款多久到账', sentiment: calm, confidence: 0.9, kind: 'faq' }, [], { ...DEFAULT_ESCALATION, sensitiveIntents: ['refund'] }),
    ).toMatchObject({ reason: 'sensitive_intent', detail: 'refund' });
    expect(decideEscalation({ message: '我要投诉', sentiment: calm, confidence: 0.1, kind: 'no_answer' }, [], { ...DEFAULT_ESCALATION, enabled: false })).toEqual({ escalate: false });
  });
});
