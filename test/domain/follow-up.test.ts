import { describe, expect, it } from 'vitest';
import { rewriteFollowUp, topicOf } from '../../src/domain/follow-up.js';
import type { Turn } from '../../src/domain/conversation.js';

const user = (content: string, query = content): Turn => ({ role: 'user', content, query });
const assistant = (content: string): Turn => ({ role: 'assistant', content, kind: 'answer' });

describe('rewriteFollowUp', () => {
  it('keeps "那个 / 那款" whole: the demonstrative is the pronoun, not a leading "那"', () => {
    const history = [user('S12 充电功率多大'), assistant('LM-S12 支持 67W 快充。')];
    expect(rewriteFollowUp('那个盒子里送不送充电器？', history, 'zh').query).toBe('S12盒子里送不送充电器');
    expect(rewriteFollowUp('那款送充电器吗', history, 'zh').query).toBe('S12送充电器吗');
    // A plain leading "那" is still dropped.
    expect(rewriteFollowUp('那它多少钱？', history, 'zh').query).toBe('S12多少钱');
  });
});

describe('entity switches ("那X呢" / "what about X")', () => {
  it('swaps in a thing, but a clause ending in 呢 / starting with "and if" is not a new subject', () => {
    const refund = [user('支付宝退款几天到账'), assistant('1–2 个工作日原路退回。')];
    expect(rewriteFollowUp('信用卡的呢', refund, 'zh')).toEqual({ query: '信用卡的几天到账', rewritten: true });
    const tradeIn = [user('旧手机要自己寄过去吗'), assistant('不用，顺丰上门免费回收。')];
    const clause = rewriteFollowUp('要是最后检测的价格跟估的不一样呢', tradeIn, 'zh').query;
    expect(clause).not.toContain('寄过去');
    expect(clause).toContain('不一样');
    const en = [user('I got a refund to WeChat Pay, when will I see it?'), assistant('Within 1–2 working days.')];
    const q = rewriteFollowUp('and if I paid by credit card?', en, 'en').query;
    expect(q).toMatch(/^if I paid by credit card/);
    expect(q).not.toContain('WeChat');
  });

  it('asks about another side of the same model when the earlier topic was a model and the new subject is not', () => {
    const x20 = [user('How fast does the X20 Pro charge?'), assistant('100W wired, about 28 minutes.')];
    expect(rewriteFollowUp('and the price?', x20, 'en')).toEqual({ query: 'X20 Pro price', rewritten: true });
    expect(rewriteFollowUp('What about the A5?', x20, 'en')).toEqual({ query: 'How fast does the A5 charge', rewritten: true });
    const zh = [user('LM-X20 Pro 支持无线充电吗'), assistant('支持 50W 无线充电。')];
    expect(rewriteFollowUp('那价格呢？', zh, 'zh')).toEqual({ query: 'LM-X20 Pro 价格', rewritten: true });
    expect(rewriteFollowUp('那 LM-A5 呢？', zh, 'zh')).toEqual({ query: 'LM-A5 支持无线充电吗', rewritten: true });
  });
});

describe('replies to a question put to the customer', () => {
  it('completes the interrupted question when the question came as plain text (no clarification metadata)', () => {
    const plain = (content: string): Turn => ({ role: 'assistant', content });
    const colours = [user('手机都有啥颜色可以选'), plain('您想了解哪个型号呢？我们在售 LM-X20 Pro、LM-S12 和 LM-A5。')];
    // The question mark is mid-text here: only a turn that ends by asking counts.
    expect(rewriteFollowUp('S12 的', colours, 'zh').rewritten).toBe(false);
    const asked = [user('手机都有啥颜色可以选'), plain('请问您想了解哪个型号？')];
    expect(rewriteFollowUp('S12 的', asked, 'zh')).toEqual({ query: 'S12 手机都有啥颜色可以选', rewritten: true });
    const since = [user("my phone won't charge anymore, what do I do"), plain('Sorry to hear that. How long ago was it delivered?')];
    expect(rewriteFollowUp('about 3 weeks ago', since, 'en')).toEqual({ query: "about 3 weeks ago my phone won't charge anymore, what do I do", rewritten: true });
    const agent: Turn = { role: 'agent', content: '请问您签收多少天了？' };
    expect(rewriteFollowUp('十天左右吧', [user('手机有问题能换新的吗'), agent], 'zh').query).toBe('十天左右吧 手机有问题能换新的吗');
  });

  it('leaves a new question alone even when the last turn asked something', () => {
    const offer = [user('快递几天到'), { role: 'assistant', content: '一般 2–3 天。还有什么可以帮您？' } as Turn];
    expect(rewriteFollowUp('怎么注销账号', offer, 'zh')).toEqual({ query: '怎么注销账号', rewritten: false });
    const en = [user('where is my package'), { role: 'assistant', content: 'Tap "Track package". Anything else?' } as Turn];
    expect(rewriteFollowUp('How do I close my account?', en, 'en')).toEqual({ query: 'How do I close my account?', rewritten: false });
  });
});

describe('Chinese topic of the earlier question', () => {
  it('skips acknowledgements and "你们", and cuts before 什么 / 是, not inside them', () => {
    expect(topicOf('对了，你们发什么快递', 'zh')).toBe('');
    expect(topicOf('行。问下退款是退到哪里', 'zh')).toBe('退款');
    expect(topicOf('好的。另外我想问下碎屏险是什么', 'zh')).toBe('碎屏险');
    expect(topicOf('碎屏险是什么', 'zh')).toBe('碎屏险');
    // A word that merely starts like an acknowledgement is kept.
    expect(topicOf('行李箱能寄吗', 'zh')).toBe('行李箱');
    const history = [user('对了，你们发什么快递'), assistant('默认顺丰速运。')];
    expect(rewriteFollowUp('运费多少', history, 'zh').query).not.toContain('什');
  });
});

describe('English topic of the earlier question', () => {
  it('takes the noun phrase, not the first three words after the question word', () => {
    expect(topicOf('How do I send back a faulty phone?', 'en')).toBe('faulty phone');
    expect(topicOf('how big is the screen', 'en')).toBe('screen');
    expect(topicOf('Can I get a VAT special one?', 'en')).toBe('VAT special one');
    expect(topicOf('I got a refund to WeChat Pay, when will I see it?', 'en')).toBe('refund');
    expect(topicOf("my phone won't charge anymore, what do I do", 'en')).toBe('phone');
    expect(topicOf('Which of your phones has the best camera?', 'en')).toBe('phones');
    // Unchanged: product codes first, then the object of a trailing preposition.
    expect(topicOf('How fast does the X20 Pro charge?', 'en')).toBe('X20 Pro');
    expect(topicOf('how long is the warranty on a phone', 'en')).toBe('phone');
    const history = [user('How do I send back a faulty phone?'), assistant('Tap "After-sales service" under "My Orders".')];
    expect(rewriteFollowUp('Will a courier come and get it?', history, 'en').query).toBe('Will a courier come and get faulty phone');
  });
});

describe('pronoun chains', () => {
  it('resolves "it" through an earlier turn that itself only pointed back', () => {
    const history = [
      user('How do I send back a faulty phone?'),
      assistant('Tap "After-sales service" under "My Orders".'),
      user('Will a courier come and get it?', 'Will a courier come and get faulty phone'),
      assistant('Yes, book an SF Express pickup.'),
    ];
    expect(rewriteFollowUp('how long until I get it back fixed?', history, 'en').query).toBe('how long until I get faulty phone back fixed');
    const zh = [user('LM-S12 续航怎么样'), assistant('5,500mAh。'), user('它重不重', 'LM-S12重不重'), assistant('约 178 克。')];
    expect(rewriteFollowUp('那它多少钱', zh, 'zh').query).toBe('LM-S12多少钱');
  });
});

describe('history without stored queries (OpenAI-compatible clients send role and content only)', () => {
  it('resolves earlier follow-ups first, so the topic survives a third turn', () => {
    const plain = (role: 'user' | 'assistant', content: string): Turn => ({ role, content });
    const zh = [plain('user', 'A5 适合老人用吗'), plain('assistant', '适合，入门机型。'), plain('user', '价格多少'), plain('assistant', '¥1,299。')];
    expect(rewriteFollowUp('能插耳机吗', zh, 'zh')).toEqual({ query: 'A5 能插耳机吗', rewritten: true });
    const en = [plain('user', "I'm looking at the LM-S12"), plain('assistant', 'Good choice.'), plain('user', 'what storage does it have'), plain('assistant', '8GB + 256GB.')];
    expect(rewriteFollowUp('can I tap to pay with it in shops?', en, 'en').query).toBe('can I tap to pay with LM-S12 in shops');
    // Same result as when the service stored the queries itself.
    const stored = [user('A5 适合老人用吗'), assistant('适合，入门机型。'), user('价格多少', 'A5 价格多少'), assistant('¥1,299。')];
    expect(rewriteFollowUp('能插耳机吗', stored, 'zh')).toEqual(rewriteFollowUp('能插耳机吗', zh, 'zh'));
  });
});
