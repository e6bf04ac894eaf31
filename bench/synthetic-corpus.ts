import { SeededRandom } from './seeded-random.js';
import { COLOURS, EN, PRODUCT_FAMILIES, TOPICS, ZH, type ProductFamily, type Topic } from './shop-vocabulary.js';

/**
 * Deterministic Markdown help-centre pages for a fictional electronics shop: product guides
 * (specification tables, numbered steps, troubleshooting subsections, product codes such as
 * `LM-X20`) and policy pages, in Chinese, English, and Chinese pages with English passages.
 */

export type Lang = 'zh' | 'en';

export interface Product {
  family: ProductFamily;
  code: string;
}

export interface GeneratedFile {
  sourcePath: string;
  text: string;
  lang: Lang;
  kind: 'doc' | 'faq';
}

const MODEL_LETTERS = ['X', 'S', 'M', 'P', 'Q', 'T', 'V', 'Z'];

/** ~20 models per family: LM-X20, KB-205, PX-M300 … (some without a letter, as shops write them). */
export function productCatalogue(seed: number): Product[] {
  const rng = new SeededRandom(seed ^ 0x51ed);
  const out: Product[] = [];
  for (const family of PRODUCT_FAMILIES) {
    const seen = new Set<string>();
    while (seen.size < 20) {
      const num = rng.pick([rng.int(1, 9) * 10, rng.int(100, 990), rng.int(2, 99)]);
      const code = rng.chance(0.75) ? `${family.prefix}-${rng.pick(MODEL_LETTERS)}${num}` : `${family.prefix}-${num}`;
      seen.add(code);
    }
    for (const code of seen) out.push({ family, code });
  }
  return out;
}

class PageWriter {
  constructor(
    private readonly rng: SeededRandom,
    private readonly products: Product[],
  ) {}

  product(): Product {
    // A few best-sellers get most of the pages, like a real shop's help centre.
    return this.rng.zipf(this.products, 0.6);
  }

  topic(): Topic {
    return this.rng.zipf(TOPICS, 0.9);
  }

  zhSentence(p: Product, t: Topic): string {
    const r = this.rng;
    const lead = r.chance(0.3) ? `${r.pick(ZH.connectives)}，` : '';
    const cond = r.chance(0.7) ? r.zipf(ZH.conditions) : '';
    const obj = r.chance(0.35)
      ? `${p.code}${p.family.zh}的${r.pick(p.family.featuresZh)}`
      : r.chance(0.4)
        ? `${t.zh}申请所需的${r.zipf(ZH.objects)}`
        : r.zipf(ZH.objects);
    const extra = r.chance(0.25) ? `，也可以联系${r.pick(ZH.channels)}` : '';
    return `${lead}${r.zipf(ZH.subjects)}${cond}${r.zipf(ZH.verbs)}${obj}${extra}${r.zipf(ZH.tails)}`;
  }

  enSentence(p: Product, t: Topic): string {
    const r = this.rng;
    const lead = r.chance(0.3) ? `${r.pick(EN.connectives)} ` : '';
    const subject = r.zipf(EN.subjects);
    const obj = r.chance(0.35)
      ? `the ${r.pick(p.family.featuresEn)} on the ${p.code} ${p.family.en}`
      : r.chance(0.4)
        ? `${r.zipf(EN.objects)} for ${t.en}`
        : r.zipf(EN.objects);
    const cond = r.chance(0.7) ? ` ${r.zipf(EN.conditions)}` : '';
    const extra = r.chance(0.25) ? `, or ask ${r.pick(EN.channels)}` : '';
    const s = `${lead}${lead ? subject.toLowerCase() : subject} ${r.zipf(EN.verbs)} ${obj}${cond}${extra}${r.zipf(EN.tails)}`;
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  paragraph(lang: Lang, p: Product, t: Topic, min = 2, max = 6): string {
    const n = this.rng.int(min, max);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(lang === 'zh' ? this.zhSentence(p, t) : this.enSentence(p, t));
    return parts.join(lang === 'zh' ? '' : ' ');
  }

  steps(lang: Lang, p: Product): string {
    const pool = lang === 'zh' ? ZH.steps : EN.steps;
    const n = this.rng.int(3, 6);
    const start = this.rng.int(0, pool.length - n);
    return pool
      .slice(start, start + n)
      .map((s, i) => `${i + 1}. ${s}${this.rng.chance(0.3) ? (lang === 'zh' ? `（适用于${p.code}）` : ` (applies to ${p.code})`) : ''}`)
      .join('\n');
  }

  specTable(lang: Lang, p: Product): string {
    const siblings = this.products.filter((x) => x.family === p.family);
    const rows = this.rng.shuffle([...siblings]).slice(0, this.rng.int(3, 6));
    if (!rows.includes(p)) rows[0] = p;
    const head = lang === 'zh' ? '| 型号 | 颜色 | 保修期 | 参考价格 |\n| --- | --- | --- | --- |' : '| Model | Colour | Warranty | Price |\n| --- | --- | --- | --- |';
    const body = rows.map((x) => {
      const colour = this.rng.pick(COLOURS[lang]);
      const years = this.rng.int(1, 3);
      const price = this.rng.int(19, 899) * 10 - 1;
      return lang === 'zh' ? `| ${x.code} | ${colour} | ${years}年 | ¥${price} |` : `| ${x.code} | ${colour} | ${years} year${years > 1 ? 's' : ''} | ¥${price} |`;
    });
    return [head, ...body].join('\n');
  }

  feeTable(lang: Lang, t: Topic): string {
    const head = lang === 'zh' ? '| 服务 | 费用 | 时效 |\n| --- | --- | --- |' : '| Service | Fee | Time |\n| --- | --- | --- |';
    const rows: string[] = [];
    for (let i = this.rng.int(2, 5); i > 0; i--) {
      const other = this.topic();
      const fee = this.rng.chance(0.4) ? (lang === 'zh' ? '免费' : 'free') : `¥${this.rng.int(5, 200)}`;
      const days = this.rng.int(1, 15);
      rows.push(lang === 'zh' ? `| ${other.zh}（${t.zh}） | ${fee} | ${days}个工作日 |` : `| ${other.en} (${t.en}) | ${fee} | ${days} business days |`);
    }
    return [head, ...rows].join('\n');
  }
}

/** One page; `index` makes the path unique and `lang` decides the language mix. */
function writePage(w: PageWriter, rng: SeededRandom, index: number): GeneratedFile {
  const roll = rng.next();
  const lang: Lang = roll < 0.55 ? 'zh' : roll < 0.9 ? 'en' : 'zh';
  const mixedEnglish = roll >= 0.9;
  const p = w.product();
  const t = w.topic();
  const H = lang === 'zh' ? ZH.headings : EN.headings;
  const blocks: string[] = [];
  const para = (min?: number, max?: number) =>
    mixedEnglish && rng.chance(0.3) ? w.paragraph('en', p, t, min, max) : w.paragraph(lang, p, t, min, max);
  const isGuide = rng.chance(0.55);
  let slug: string;
  if (isGuide) {
    slug = `${p.code.toLowerCase()}-guide`;
    blocks.push(lang === 'zh' ? `# ${p.code} ${p.family.zh}使用指南` : `# ${p.code} ${p.family.en} user guide`);
    blocks.push(para(2, 4));
    blocks.push(`## ${H[0]}`, para(3, 7));
    blocks.push(`## ${H[7]}`, w.specTable(lang, p), para(1, 3));
    blocks.push(`## ${H[8]}`, w.steps(lang, p));
    blocks.push(`## ${H[9]}`);
    for (const fault of rng.shuffle([...(lang === 'zh' ? p.family.faultsZh : p.family.faultsEn)]).slice(0, rng.int(2, 4))) {
      const err = rng.chance(0.3) ? ` ERR-${rng.int(1000, 1999)}` : '';
      blocks.push(lang === 'zh' ? `### ${p.code}${fault}怎么办？${err}` : `### ${p.code}: ${fault}${err}`, para(2, 5), w.steps(lang, p));
    }
    blocks.push(`## ${H[10]}`, para(3, 6));
    if (rng.chance(0.5)) blocks.push(`## ${H[11]}`, para(1, 3));
  } else {
    slug = `${t.en.replace(/[^a-z]+/g, '-')}-policy`;
    blocks.push(lang === 'zh' ? `# ${t.zh}政策（${2021 + rng.int(0, 4)}版）` : `# ${t.en.charAt(0).toUpperCase() + t.en.slice(1)} policy (${2021 + rng.int(0, 4)} edition)`);
    blocks.push(para(2, 4));
    const sections = rng.shuffle([0, 1, 2, 3, 4, 5, 6, 12, 13]).slice(0, rng.int(4, 8));
    for (const s of sections) {
      blocks.push(`## ${H[s]}`, para(3, 8));
      if (s === 4) blocks.push(w.feeTable(lang, t));
      if (s === 2) blocks.push(w.steps(lang, p));
      if (rng.chance(0.3)) blocks.push(`### ${lang === 'zh' ? `${w.product().family.zh}相关说明` : `Notes for ${w.product().family.en}s`}`, para(2, 5));
    }
  }
  const folder = mixedEnglish ? 'zh-en' : lang;
  const sourcePath = `${folder}/${isGuide ? 'products' : 'policies'}/${String(index).padStart(6, '0')}-${slug}.md`;
  return { sourcePath, text: `${blocks.join('\n\n')}\n`, lang, kind: 'doc' };
}

/** An endless, deterministic stream of pages: the first N pages are the same whatever N is. */
export function* syntheticPages(seed: number, products: Product[]): Generator<GeneratedFile> {
  const rng = new SeededRandom(seed);
  const w = new PageWriter(rng.fork(1), products);
  for (let i = 0; ; i++) yield writePage(w, rng, i);
}

/**
 * FAQ lists (JSONL, the loader's canonical format) so the FAQ channels search real rows:
 * a question, 1–3 alternative wordings, an answer.
 */
export function syntheticFaqFiles(seed: number, products: Product[], entriesPerFile: number): GeneratedFile[] {
  const rng = new SeededRandom(seed ^ 0xfa9);
  const w = new PageWriter(rng.fork(2), products);
  const files: GeneratedFile[] = [];
  for (const lang of ['zh', 'zh', 'en'] as Lang[]) {
    const lines: string[] = [];
    for (let i = 0; i < entriesPerFile; i++) {
      const p = w.product();
      const t = w.topic();
      const fault = rng.pick(lang === 'zh' ? p.family.faultsZh : p.family.faultsEn);
      // An entry is about a product fault or about a policy topic, each asked a few ways.
      const wordings = rng.chance(0.5)
        ? lang === 'zh'
          ? [`${p.code}${fault}怎么办？`, `${p.family.zh}${fault}`, `${p.code} ${fault}`, `我的${p.family.zh}${fault}，怎么处理`]
          : [`My ${p.code} ${fault}, what should I do?`, `${p.family.en} ${fault}`, `${p.code} ${fault}`, `what to do when a ${p.family.en} ${fault}`]
        : lang === 'zh'
          ? [`${t.zh}怎么申请？`, `${p.code}可以${t.zh}吗`, `${t.zh}需要多久？`, `${t.zh}的条件是什么`]
          : [`How do I request ${t.en}?`, `Does the ${p.code} qualify for ${t.en}?`, `How long do ${t.en} take?`, `${t.en} conditions`];
      const picked = rng.shuffle(wordings).slice(0, rng.int(2, 4));
      lines.push(JSON.stringify({ id: `faq-${lang}-${files.length}-${i}`, question: picked[0], alt_questions: picked.slice(1), answer: w.paragraph(lang, p, t, 2, 4), lang }));
    }
    files.push({ sourcePath: `faq/${lang}-${files.length}.jsonl`, text: `${lines.join('\n')}\n`, lang, kind: 'faq' });
  }
  return files;
}
