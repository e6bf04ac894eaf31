import fs from 'node:fs';
import { SeededRandom } from './seeded-random.js';
import { COLOURS, TOPICS } from './shop-vocabulary.js';
import type { Product } from './synthetic-corpus.js';

export interface BenchQuery {
  text: string;
  lang: 'zh' | 'en';
  origin: 'synthetic' | 'real';
  hasCode: boolean;
}

type Template = (p: Product, r: SeededRandom) => string;

// How customers actually write: short keyword queries, questions, and whole chat messages.
const ZH_TEMPLATES: Template[] = [
  (p, r) => `${p.code}${r.pick(p.family.faultsZh)}怎么办`,
  (p) => `${p.code}的保修期是多久`,
  (p, r) => `${p.family.zh}${r.pick(p.family.faultsZh)}`,
  (_, r) => `签收后多少天可以${r.zipf(TOPICS).zh}`,
  (_, r) => `${r.zipf(TOPICS).zh}需要提交什么材料`,
  (p) => `${p.code}怎么恢复出厂设置`,
  () => '电子发票在哪里下载',
  () => '退款多久到账',
  (p, r) => `${p.code} ERR-${r.int(1000, 1999)} 是什么故障`,
  () => '优惠券和会员积分可以一起用吗',
  (p, r) => `${p.family.zh}的${r.pick(p.family.featuresZh)}怎么用`,
  (p) => `我买的${p.code}已经拆封了还能退吗`,
  (_, r) => `${r.zipf(TOPICS).zh}的运费谁承担`,
  (_, r) => `海外用户可以申请${r.zipf(TOPICS).zh}吗`,
  (p, r) => `你好，我上周买的${p.code}${p.family.zh}${r.pick(p.family.faultsZh)}，重启也没用，可以换货吗？`,
  (p, r) => `${p.code} ${r.pick(COLOURS.zh)} 还有货吗 价格多少`,
  (p) => `${p.family.zh}上门安装收费吗`,
];

const EN_TEMPLATES: Template[] = [
  (p, r) => `my ${p.code} ${r.pick(p.family.faultsEn)}`,
  (p) => `how long is the warranty on the ${p.code}`,
  (p, r) => `${p.family.en} ${r.pick(p.family.faultsEn)}`,
  (_, r) => `how many days do I have for ${r.zipf(TOPICS).en}`,
  (_, r) => `what documents do I need for ${r.zipf(TOPICS).en}`,
  (p) => `how to factory reset ${p.code}`,
  () => 'where can I download my invoice',
  () => 'how long does a refund take',
  (p, r) => `${p.code} error ERR-${r.int(1000, 1999)}`,
  () => 'can I use a coupon together with loyalty points',
  (p, r) => `how do I use ${r.pick(p.family.featuresEn)} on the ${p.family.en}`,
  (p) => `can I return an opened ${p.code}`,
  (_, r) => `who pays shipping for ${r.zipf(TOPICS).en}`,
  (p, r) => `Hi, I bought a ${p.code} ${p.family.en} last week and it ${r.pick(p.family.faultsEn)}. Restarting did not help. Can I exchange it?`,
  (p, r) => `is the ${p.code} in ${r.pick(COLOURS.en)} in stock`,
  (p) => `does ${p.family.en} installation cost extra`,
];

const CODE = /[A-Z]{2}-[A-Z]?\d+|ERR-\d+/;

/**
 * ~40% Chinese and ~35% English questions from templates over the corpus's products, and up
 * to a quarter real questions (the Dify docs' own FAQ headings, en and zh) when the file exists.
 */
export function buildQueries(opts: { seed: number; products: Product[]; count: number; realQuestionsFile?: string }): BenchQuery[] {
  const rng = new SeededRandom(opts.seed);
  const real: BenchQuery[] = [];
  if (opts.realQuestionsFile && fs.existsSync(opts.realQuestionsFile)) {
    for (const line of fs.readFileSync(opts.realQuestionsFile, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const q = JSON.parse(line) as { question: string; lang: string };
      real.push({ text: q.question, lang: q.lang === 'zh' ? 'zh' : 'en', origin: 'real', hasCode: false });
    }
    rng.shuffle(real);
  }
  const realShare = Math.min(real.length, Math.round(opts.count * 0.25));
  const out: BenchQuery[] = real.slice(0, realShare);
  while (out.length < opts.count) {
    const p = rng.zipf(opts.products, 0.6);
    const zh = rng.chance(0.53);
    const text = rng.pick(zh ? ZH_TEMPLATES : EN_TEMPLATES)(p, rng);
    out.push({ text, lang: zh ? 'zh' : 'en', origin: 'synthetic', hasCode: CODE.test(text) });
  }
  return rng.shuffle(out);
}
