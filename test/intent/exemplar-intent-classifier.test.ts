import { describe, expect, it } from 'vitest';
import { ExemplarIntentClassifier } from '../../src/adapters/intent/exemplar-intent-classifier.js';
import { JiebaAnalyzer } from '../../src/adapters/text/jieba-analyzer.js';
import { chooseOosThreshold, crossValidate, fitPlatt, platt, trainIntentModel, scoreSkills, vectorize } from '../../src/domain/intent-model.js';

// Hand-written exemplars (no dataset text): four customer-service skills, Chinese and English.
const EXEMPLARS = [
  ['refund', 'I want a refund for my order'], ['refund', 'how do I get my money back'], ['refund', 'please refund the item I returned'],
  ['refund', 'when will my refund arrive'], ['refund', 'refund has not arrived in my bank account'],
  ['refund', '我要退款'], ['refund', '退款什么时候到账'], ['refund', '申请退款怎么操作'], ['refund', '退货以后钱什么时候退回'], ['refund', '退款一直没到账'],
  ['delivery', 'where is my package'], ['delivery', 'my parcel has not arrived yet'], ['delivery', 'track my delivery'],
  ['delivery', 'when will my order be shipped'], ['delivery', 'the courier lost my parcel'],
  ['delivery', '我的快递到哪了'], ['delivery', '包裹怎么还没送到'], ['delivery', '查一下物流信息'], ['delivery', '订单什么时候发货'], ['delivery', '快递员联系不上'],
  ['account', 'I forgot my password'], ['account', 'how do I change the email on my account'], ['account', 'I cannot log in to my account'],
  ['account', 'reset my password please'], ['account', 'my account is locked'],
  ['account', '忘记密码了怎么办'], ['account', '账号登录不上'], ['account', '怎么修改绑定的手机号'], ['account', '重置登录密码'], ['account', '账号被冻结了'],
  ['invoice', 'I need an invoice for my purchase'], ['invoice', 'can you send me a receipt'], ['invoice', 'the invoice has the wrong company name'],
  ['invoice', 'download my VAT invoice'], ['invoice', 'how to get a tax receipt'],
  ['invoice', '怎么开发票'], ['invoice', '发票抬头写错了'], ['invoice', '我需要增值税专用发票'], ['invoice', '电子发票在哪里下载'], ['invoice', '能补开发票吗'],
].map(([skill, text]) => ({ skill, text }));

const analyzer = new JiebaAnalyzer();
const classifier = ExemplarIntentClassifier.create(analyzer, EXEMPLARS);

describe('ExemplarIntentClassifier', () => {
  it('routes unseen Chinese and English wordings to their skill', async () => {
    const cases: Array<[string, string]> = [
      ['退款多久能到账', 'refund'],
      ['快递怎么还没到', 'delivery'],
      ['密码忘了，登录不上', 'account'],
      ['发票抬头怎么改', 'invoice'],
      ['I returned the shoes, where is my refund?', 'refund'],
      ['can you track the package for my order', 'delivery'],
      ['I forgot the password of my account', 'account'],
      ['please send the invoice again', 'invoice'],
    ];
    for (const [text, skill] of cases) {
      const r = await classifier.classify(text);
      expect(r.skill, text).toBe(skill);
      expect(r.ranking[0].skill).toBe(skill);
      expect(r.ranking).toHaveLength(4);
      expect(r.confidence).toBeGreaterThan(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      expect(r.score).toBe(r.ranking[0].score);
    }
  });

  it('escalates messages that belong to no skill (null skill), with the ranking still given', async () => {
    for (const text of ['周末去爬山', 'banana bread recipe with walnuts', '']) {
      const r = await classifier.classify(text);
      expect(r.skill, text).toBeNull();
      expect(r.ranking).toHaveLength(4);
      expect(r.confidence).toBeGreaterThan(0.5);
    }
  });

  it('calibrates on the exemplars themselves and is deterministic', () => {
    const c = classifier.calibration;
    expect(c).toMatchObject({ exemplars: 40, skills: 4 });
    expect(c.threshold).toBeGreaterThan(0);
    expect(c.threshold).toBeLessThan(0.5);
    expect(c.cvAccuracy).toBeGreaterThan(0.5);
    expect(c.cvFalseRejectRate).toBeLessThanOrEqual(0.1);
    expect(c.platt.a).toBeGreaterThan(0);
    expect(ExemplarIntentClassifier.create(analyzer, EXEMPLARS).calibration).toEqual({ ...c, trainMs: expect.any(Number) });
  });

  it('honours a fixed threshold or none', async () => {
    const never = ExemplarIntentClassifier.create(analyzer, EXEMPLARS, { oosThreshold: 'off' });
    expect(never.calibration.threshold).toBe(0);
    expect((await never.classify('recommend a good pizza place for my order')).skill).not.toBeNull();
    const strict = ExemplarIntentClassifier.create(analyzer, EXEMPLARS, { oosThreshold: 2.5 });
    expect((await strict.classify('退款多久能到账')).skill).toBeNull();
  });

  it('learns from skill names of several words, in the exemplars\' language only', () => {
    // No exemplar says "card" or "lost": only the skill's name does.
    const ex = [
      ['lost_card', 'I left it on the bus'], ['lost_card', 'I cannot find it anywhere'], ['lost_card', 'it fell out of my pocket'],
      ['refund_request', 'I want my money back'], ['refund_request', 'give me back what I paid'], ['refund_request', 'return the payment please'],
      ['change_address', 'I moved house recently'], ['change_address', 'update where I live'], ['change_address', 'new home details'],
    ].map(([skill, text]) => ({ skill, text }));
    const named = ExemplarIntentClassifier.create(analyzer, ex, { oosThreshold: 'off' }).classifySync('my card is lost');
    expect(named.ranking[0].skill).toBe('lost_card');
    expect(named.score).toBeGreaterThan(0);
    const unnamed = ExemplarIntentClassifier.create(analyzer, ex, { oosThreshold: 'off', nameExemplars: false }).classifySync('my card is lost');
    expect(unnamed.ranking[0].skill).not.toBe('lost_card');
    // English names over Chinese exemplars add nothing a Chinese message could match.
    const zh = [
      ['lost_card', '卡丢了'], ['lost_card', '银行卡找不到了'], ['lost_card', '卡被偷了'],
      ['refund_request', '我要退款'], ['refund_request', '钱退给我'], ['refund_request', '申请退款'],
      ['change_address', '我搬家了'], ['change_address', '改一下地址'], ['change_address', '更新住址'],
    ].map(([skill, text]) => ({ skill, text }));
    const a = ExemplarIntentClassifier.create(analyzer, zh).classifySync('我的卡找不到了');
    const b = ExemplarIntentClassifier.create(analyzer, zh, { nameExemplars: false }).classifySync('我的卡找不到了');
    expect(a).toEqual(b);
  });

  it('works with too few exemplars to calibrate (no threshold, still a ranking) and with one skill', async () => {
    const few = ExemplarIntentClassifier.create(analyzer, [{ skill: 'refund', text: '我要退款' }, { skill: 'delivery', text: 'where is my parcel' }]);
    expect(few.calibration.threshold).toBe(0);
    expect((await few.classify('退款')).skill).toBe('refund');
    expect((await few.classify('parcel please')).skill).toBe('delivery');
    expect((await few.classify('完全无关')).skill).toBeNull();
    const one = ExemplarIntentClassifier.create(analyzer, [{ skill: 'refund', text: '我要退款' }]);
    const r = await one.classify('退款');
    expect(r.skill).toBe('refund');
    expect(r.ranking).toEqual([{ skill: 'refund', score: expect.any(Number) }]);
    expect(() => ExemplarIntentClassifier.create(analyzer, [])).toThrow(/no exemplars/);
  });

  it('builds from thousands of exemplars and classifies within a few milliseconds', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ skill: `s${i % 100}`, text: `${EXEMPLARS[i % 40].text} item${i % 100} 编号${i % 100}` }));
    // CPU time, not wall time: on a shared machine the wall clock measures the other jobs.
    const cpu0 = process.cpuUsage();
    const big = ExemplarIntentClassifier.create(analyzer, many);
    const cpu = process.cpuUsage(cpu0);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(30000); // generous; see bench/intent-bench.ts for measured figures
    expect(big.skills).toHaveLength(100);
    const t1 = performance.now();
    for (let i = 0; i < 50; i++) await big.classify('退款什么时候到账 item7');
    expect((performance.now() - t1) / 50).toBeLessThan(50);
  });
});

describe('intent model math', () => {
  const bag = (...fs: string[]) => new Map(fs.map((f) => [f, 1]));
  const items = [
    { skill: 'a', bag: bag('x', 'y') }, { skill: 'a', bag: bag('x', 'z') },
    { skill: 'b', bag: bag('u', 'v') }, { skill: 'b', bag: bag('u', 'w') },
  ];

  it('scores by centroid and nearest exemplars, in [0, 1]', () => {
    const m = trainIntentModel(items, { centroidWeight: 0.5, k: 1, linearWeight: 0, idfPower: 1 });
    const s = scoreSkills(m, vectorize(m, bag('x', 'y')));
    expect(m.skills).toEqual(['a', 'b']);
    expect(s[0]).toBeGreaterThan(0.8);
    expect(s[0]).toBeLessThanOrEqual(1 + 1e-9);
    expect(s[1]).toBe(0);
    // Unknown features are ignored: nothing known, every score 0.
    expect([...scoreSkills(m, vectorize(m, bag('q')))]).toEqual([0, 0]);
  });

  it('chooses the rejection threshold with the best F1 within the false-reject budget', () => {
    const held = [
      { gold: null, top: 'a', score: 0.1, margin: 0 }, { gold: null, top: 'a', score: 0.2, margin: 0 },
      { gold: 'a', top: 'a', score: 0.3, margin: 0 }, { gold: 'a', top: 'a', score: 0.6, margin: 0 },
      { gold: 'b', top: 'b', score: 0.7, margin: 0 }, { gold: null, top: 'b', score: 0.5, margin: 0 },
    ];
    // Below 0.25: 2 true rejections, 0 false: F1 = 4/5. Below 0.55: 3 true, 1 false: F1 = 6/7 (false reject 1/3).
    expect(chooseOosThreshold(held)).toEqual({ threshold: 0.55, f1: 6 / 7, falseRejectRate: 1 / 3 });
    expect(chooseOosThreshold(held, { maxFalseRejectRate: 0.1 })).toEqual({ threshold: 0.25, f1: 0.8, falseRejectRate: 0 });
    expect(chooseOosThreshold(held.filter((h) => h.gold !== null)).threshold).toBe(0);
  });

  it('cross-validates with whole skills held out as pseudo out-of-scope', () => {
    const many = [...'abcde'].flatMap((s) => Array.from({ length: 5 }, (_, i) => ({ skill: s, bag: bag(`${s}1`, `${s}${i + 2}`) })));
    const held = crossValidate(many, { centroidWeight: 0.5, k: 1, linearWeight: 0, idfPower: 1 }, { folds: 5, heldOutSkillShare: 0.2 });
    expect(held).toHaveLength(25);
    const oos = held.filter((h) => h.gold === null);
    expect(oos.length).toBe(5);
    for (const h of oos) expect(h.score).toBe(0);
    for (const h of held.filter((x) => x.gold !== null)) expect(h.top).toBe(h.gold);
  });

  it('fits a monotone Platt mapping', () => {
    const xs = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
    const ys = [false, false, false, true, false, true, true, true];
    const p = fitPlatt(xs, ys);
    expect(p.a).toBeGreaterThan(0);
    expect(platt(p, 0.1)).toBeLessThan(0.3);
    expect(platt(p, 0.8)).toBeGreaterThan(0.7);
  });
});
