import { describe, expect, it } from 'vitest';
import { binaryScores, confusionPairs, sliced } from '../../evals/binary-metrics.js';
import { asksWhich, optionsRecall } from '../../evals/run-clarification-suite.js';
import { checkTone, inLanguage, openingOf, stepsOrder } from '../../evals/tone-checks.js';

describe('tone checks read the answer text', () => {
  it('finds the opening sentence and what follows it', () => {
    expect(openingOf('非常抱歉给您带来不便。退款 1–2 个工作日到账。')).toEqual({ opening: '非常抱歉给您带来不便。', body: '退款 1–2 个工作日到账。' });
    expect(openingOf("Don't worry, I'll help.\n\nRefunds take 1-2 days.")).toEqual({ opening: "Don't worry, I'll help.", body: 'Refunds take 1-2 days.' });
    // A decimal point is not the end of a sentence.
    expect(openingOf('It costs 4.5 yuan. Free over 99.').opening).toBe('It costs 4.5 yuan.');
  });

  it('checks each template: apology, reassurance, or no padding at all', () => {
    expect(checkTone('非常抱歉给您带来了不好的体验。\n\n退款原路退回，支付宝 1–2 个工作日。', 'calm-apologetic', 'zh')).toMatchObject({ opening: true, body: true, calm: true, applied: true });
    // The apology alone is not the fix; an exclamation mark is not calm.
    expect(checkTone('非常抱歉。', 'calm-apologetic', 'zh')).toMatchObject({ opening: true, body: false, applied: false });
    expect(checkTone("I'm sorry about that! Refunds take 1-2 working days.", 'calm-apologetic', 'en')).toMatchObject({ calm: false, applied: false });
    expect(checkTone('Refunds take 1-2 working days.', 'calm-apologetic', 'en').opening).toBe(false);
    expect(checkTone("Don't worry, I'll help you with this. Copy the tracking number first.", 'reassuring', 'en').applied).toBe(true);
    expect(checkTone('请别着急，我来帮您确认。\n\n发货超过 48 小时未更新请联系客服。', 'reassuring', 'zh').applied).toBe(true);
    expect(checkTone('Sorry, I could not find this. I can connect you with a human agent.', 'reassuring', 'en').opening).toBe(false);
    expect(checkTone('退款 1–2 个工作日到账。', 'concise', 'zh').applied).toBe(true);
    expect(checkTone('亲，很高兴为您服务！退款 1–2 个工作日到账。', 'concise', 'zh').opening).toBe(false);
    expect(checkTone('Great question! Refunds take 1-2 days.', 'concise', 'en').opening).toBe(false);
    expect(checkTone("I'm sorry to hear that. Refunds take 1-2 days.", 'concise', 'en').opening).toBe(false);
    // Saying it found nothing is the content of a declined turn, not padding.
    expect(checkTone('Sorry, I could not find this in our help documentation.', 'concise', 'en', { declined: true }).opening).toBe(true);
  });

  it('wants the customer\'s language after the opening too', () => {
    expect(inLanguage('请别着急，我来帮您确认。\n\nRefunds go back to the original payment method within 1-2 working days.', 'zh')).toBe(false);
    expect(inLanguage('请别着急。\n\n退款原路退回。', 'zh')).toBe(true);
    expect(inLanguage('The LM-X20 Pro costs ¥4,999.', 'en')).toBe(true);
    expect(checkTone('Refunds take 1-2 days.', 'concise', 'zh')).toMatchObject({ language: false, applied: false });
  });

  it('wants numbered steps to count up from 1', () => {
    expect(stepsOrder('1. 进入「我的订单」。\n2. 点击「申请售后」。\n3. 选择退货。')).toBe('ordered');
    expect(stepsOrder('Do this:\n1) open the app\n2) tap Orders')).toBe('ordered');
    expect(stepsOrder('1. a\n1. b\n1. c')).toBe('ordered');
    expect(stepsOrder('1. a\n2. b\n\nThen:\n1. c\n2. d')).toBe('ordered');
    expect(stepsOrder('3. 审核通过后取件。\n4. 仓库检测。')).toBe('disordered');
    expect(stepsOrder('1. a\n3. c\n2. b')).toBe('disordered');
    expect(stepsOrder('Only one step: 1. do it')).toBe('none');
    expect(checkTone('1. b\n3. c', 'concise', 'en')).toMatchObject({ steps: 'disordered', applied: false });
  });
});

describe('clarification scoring reads what the bot said', () => {
  it('recognises a model\'s own "which one?" question and the options it names', () => {
    expect(asksWhich('Could you tell me which model you have?')).toBe(true);
    expect(asksWhich('请问您用的是哪一款手机？')).toBe(true);
    expect(asksWhich('The LM-A5 has a 5,000mAh battery.')).toBe(false);
    expect(asksWhich('Which is better? The X20 Pro has the best camera.')).toBe(false);
    expect(optionsRecall(['LM-X20 Pro', 'LM-S12', 'LM-A5'], { text: '请问您指的是哪一款：X20 Pro、S12？', options: [] })).toBeCloseTo(2 / 3);
    expect(optionsRecall(['LM-X20 Pro', 'LM-A5'], { text: 'Which one?', options: ['LM-A5', 'LM-X20 Pro'] })).toBe(1);
  });
});

describe('binary metrics and slices', () => {
  it('computes precision, recall, F1 and accuracy; null without positives', () => {
    const rows = [
      { gold: true, pred: true }, { gold: true, pred: false }, { gold: false, pred: true }, { gold: false, pred: false }, { gold: true, pred: true },
    ];
    expect(binaryScores(rows)).toEqual({ precision: 0.6667, recall: 0.6667, f1: 0.6667, accuracy: 0.6 });
    expect(binaryScores([{ gold: true, pred: false }])).toEqual({ precision: 0, recall: 0, f1: 0, accuracy: 0 });
    expect(binaryScores([{ gold: false, pred: false }, { gold: false, pred: true }])).toEqual({ precision: null, recall: null, f1: null, accuracy: 0.5 });
  });

  it('slices by language and by slice key, and counts confusion pairs', () => {
    const recs = [
      { lang: 'zh', slices: ['tone:concise'], ok: true },
      { lang: 'en', slices: ['tone:concise'], ok: false },
      { lang: 'en', slices: ['tone:reassuring'], ok: true },
    ];
    const s = sliced(recs, (rows) => ({ cases: rows.length, ok: rows.filter((r) => r.ok).length }));
    expect(s.by_lang).toEqual({ en: { cases: 2, ok: 1 }, zh: { cases: 1, ok: 1 } });
    expect(s.by_slice).toEqual({ 'tone:concise': { cases: 2, ok: 1 }, 'tone:reassuring': { cases: 1, ok: 1 } });
    expect(confusionPairs([{ gold: 'a', pred: 'a' }, { gold: 'a', pred: 'b' }, { gold: 'a', pred: 'a' }])).toEqual([
      { gold: 'a', pred: 'a', count: 2 }, { gold: 'a', pred: 'b', count: 1 },
    ]);
  });
});
