import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LexiconSentimentAnalyzer, SENTIMENT_LEXICON_DIR } from '../../src/adapters/sentiment/lexicon-sentiment-analyzer.js';
import { parseSentimentLexicon } from '../../src/adapters/sentiment/sentiment-lexicon.js';
import { EMOTIONS } from '../../src/ports/sentiment-analyzer.js';

// Examples written for these tests (not taken from any dataset).
const analyzer = new LexiconSentimentAnalyzer();
const a = (text: string, language?: 'zh' | 'en') => analyzer.analyzeSync(text, { language });

describe('lexicon sentiment analyzer: Chinese', () => {
  it('reads plain praise and complaints', () => {
    expect(a('客服态度很好，问题很快就解决了，谢谢！').sentiment).toBe('positive');
    expect(a('质量太差了，用了两天就坏了').sentiment).toBe('negative');
    expect(a('我想查一下订单的物流信息').sentiment).toBe('neutral');
  });

  it('flips negated cues, and keeps lexicalised negations whole', () => {
    expect(a('这个耳机很好用').sentiment).toBe('positive');
    expect(a('这个耳机不好用').sentiment).toBe('negative');
    expect(a('这次的包装不是很满意').sentiment).toBe('negative');
    expect(a('还不错，挺满意的').sentiment).toBe('positive');
    expect(a('用了一个月没问题').sentiment).toBe('positive');
  });

  it('weights the clause after a contrast', () => {
    expect(a('虽然价格有点贵，但是质量非常好').sentiment).toBe('positive');
    expect(a('外观挺漂亮的，但是电池太不耐用了').sentiment).toBe('negative');
    expect(a('东西不错，就是物流太慢了，等了好久').sentiment).toBe('negative');
  });

  it('reads intensity: intensifiers, exclamation', () => {
    const mild = a('有点失望');
    const strong = a('太失望了！');
    expect(mild.sentiment).toBe('negative');
    expect(strong.sentimentScore).toBeLessThan(mild.sentimentScore);
  });

  it('does not read shop words or 好 in 好几 as sentiment', () => {
    expect(a('快递员说好几天后到').sentiment).toBe('neutral');
    expect(a('我好担心').emotion).toBe('anxious');
  });

  it('reads traditional characters through the simplified lexicon', () => {
    expect(a('服務態度太差了，氣死我了').sentiment).toBe('negative');
    expect(a('非常滿意，謝謝').sentiment).toBe('positive');
    expect(a('怎麼還沒到？好擔心').emotion).toBe('anxious');
  });

  it('keeps a plain service request neutral', () => {
    expect(a('请问怎么申请退款').sentiment).toBe('neutral');
    expect(a('麻烦您帮我查一下物流').sentiment).toBe('neutral');
    // 吗 marks the question even without a question mark, so the thanks are politeness.
    expect(a('可以帮我查一下订单吗 谢谢').sentiment).toBe('neutral');
    expect(a('How do I return this item for a refund?').sentiment).toBe('neutral');
  });

  it('tells emotions apart', () => {
    expect(a('气死我了，投诉！你们这是欺骗消费者').emotion).toBe('angry');
    expect(a('怎么还没发货？都催了三次了，到底还要等多久').emotion).toBe('angry');
    expect(a('什么破服务，等了三天了也没人管')).toMatchObject({ sentiment: 'negative', emotion: 'angry' });
    expect(a('钱扣了但是订单没到账，好担心，怎么办').emotion).toBe('anxious');
    expect(a('养了十年的猫走了，好难过').emotion).toBe('sad');
    expect(a('收到礼物太开心了，谢谢你们').emotion).toBe('happy');
    expect(a('天哪，没想到居然是这样').emotion).toBe('surprised');
    expect(a('请问周末营业吗').emotion).toBe('neutral');
  });
});

describe('lexicon sentiment analyzer: English', () => {
  it('reads plain praise and complaints', () => {
    expect(a('Thank you so much, the agent was really helpful!').sentiment).toBe('positive');
    expect(a('This is ridiculous, my order is late again').sentiment).toBe('negative');
    expect(a('What time does the store open on Sunday?').sentiment).toBe('neutral');
  });

  it('handles negation scope', () => {
    expect(a('I am happy with the new plan').sentiment).toBe('positive');
    expect(a('I am not happy with the new plan').sentiment).toBe('negative');
    expect(a("It doesn't work and nobody answers").sentiment).toBe('negative');
    expect(a('Not bad at all').sentiment).not.toBe('negative');
    // A negation does not reach past the clause.
    expect(a("I didn't expect much, but the support was great").sentiment).toBe('positive');
  });

  it('weights the clause after but', () => {
    expect(a('The staff were friendly but my bag is still missing and nobody called back').sentiment).toBe('negative');
    expect(a('The delay was annoying, but the crew was wonderful and very kind').sentiment).toBe('positive');
  });

  it('reads intensity: intensifiers, capitals, exclamation, elongation', () => {
    const plain = a('this is bad');
    expect(a('this is very bad').sentimentScore).toBeLessThan(plain.sentimentScore);
    expect(a('this is BAD!').sentimentScore).toBeLessThan(plain.sentimentScore);
    expect(a('I loooove it').sentiment).toBe('positive');
  });

  it('reads customer-service cues, hashtags, emoji and polite requests', () => {
    expect(a('Still waiting for a refund after three weeks').sentiment).toBe('negative');
    expect(a('They lost my bag #worstairlineever').sentiment).toBe('negative');
    expect(a('Can you check my booking number please? Thanks').sentiment).toBe('neutral');
    expect(a('my flight got moved again 😡').emotion).toBe('angry');
  });

  it('reads common support complaints and praise', () => {
    expect(a("I've been on hold for two hours and nobody cares")).toMatchObject({ sentiment: 'negative', emotion: 'angry' });
    expect(a('The support team went above and beyond, you made my day')).toMatchObject({ sentiment: 'positive', emotion: 'happy' });
    expect(a('The app is not working since the update')).toMatchObject({ sentiment: 'negative' });
  });

  it('tells emotions apart', () => {
    expect(a('I am furious, this is unacceptable').emotion).toBe('angry');
    expect(a("I'm really worried my card was charged twice, please help").emotion).toBe('anxious');
    expect(a('So sad to hear that, I miss her').emotion).toBe('sad');
    expect(a('Awesome, love it, thanks!').emotion).toBe('happy');
    expect(a('Wow, I did not expect that at all').emotion).toBe('surprised');
  });
});

describe('result shape', () => {
  it('returns bounded scores, a distribution and signals, through the async port', async () => {
    const r = await analyzer.analyze('太棒了，非常满意！');
    expect(r.language).toBe('zh');
    expect(r.sentimentScore).toBeGreaterThan(0);
    expect(r.sentimentScore).toBeLessThanOrEqual(1);
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.confidence).toBeLessThanOrEqual(1);
    expect(Object.keys(r.emotionScores).sort()).toEqual([...EMOTIONS].sort());
    expect(Object.values(r.emotionScores).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 2);
    const top = Object.entries(r.emotionScores).sort((x, y) => y[1] - x[1])[0][0];
    expect(top).toBe(r.emotion);
    expect(r.signals?.some((s) => s.includes('满意'))).toBe(true);
    expect((await analyzer.analyze('', {})).sentiment).toBe('neutral');
  });

  it('keeps signals short on long messages', () => {
    const r = a('质量太差了，客服也不理人，气死我了！'.repeat(200));
    expect(r.sentiment).toBe('negative');
    expect(r.signals!.length).toBeLessThanOrEqual(20);
  });

  it('detects the language when not told', () => {
    expect(a('the refund never arrived').language).toBe('en');
    expect(a('退款一直没到账').language).toBe('zh');
  });
});

describe('lexicon file format', () => {
  it('parses cues, modifiers, phrases and prefixes, and names the line of a bad entry', () => {
    const lex = parseSentimentLexicon('# comment\nnot neg\nvery x1.5\nbut but\nlost_my_bag -3 angry fixed\ndisappoint* -2 sad\n', 'en.txt', 'words');
    expect(lex.terms.get('not')).toEqual({ kind: 'neg' });
    expect(lex.terms.get('very')).toEqual({ kind: 'mod', factor: 1.5 });
    expect(lex.terms.get('lost my bag')).toMatchObject({ kind: 'cue', score: -3, emotion: 'angry', fixed: true });
    expect(lex.prefixes.get('disappoint')).toMatchObject({ kind: 'cue', score: -2, emotion: 'sad' });
    expect(lex.maxLength).toBe(3);
    expect(() => parseSentimentLexicon('ok\ngood two\n', 'x.txt', 'words')).toThrow(/x\.txt:1: missing value/);
    expect(() => parseSentimentLexicon('good 2 joyful\n', 'x.txt', 'words')).toThrow(/x\.txt:1: unknown field "joyful"/);
  });

  it('ships lexicons with a header and no term defined twice', () => {
    for (const name of ['zh.txt', 'en.txt', 'emoji.txt', 'zh-hant.txt']) {
      const text = fs.readFileSync(path.join(SENTIMENT_LEXICON_DIR, name), 'utf8');
      expect(text.split('\n')[0]).toMatch(/^# .*/);
      expect(text).toMatch(/hand-written for this project/i);
      const terms = text.split('\n').map((l) => l.replace(/(^|\s)#.*/, '').trim().split(/\s+/)[0]).filter(Boolean);
      const dupes = terms.filter((t, i) => terms.indexOf(t) !== i);
      expect(dupes, name).toEqual([]);
    }
  });
});
