import { describe, expect, it } from 'vitest';
import { chunkMarkdown } from '../../../ingest/chunking/markdown-chunker.js';
import { splitLongText, splitSentences } from '../../../ingest/chunking/sentence-splitter.js';

const sentences = (text: string) => splitSentences(text).map((p) => p.text);
const STARTS_WITH_CLOSER = /^[。！？；｡．…”’」』）\])】》〉,，、.!?;:：]/;

describe('splitSentences', () => {
  it('splits Chinese at 。！？； and keeps the terminator, quotes and ellipses with their sentence', () => {
    expect(sentences('七天无理由退货。商品需完好！如何申请？联系客服；我们会回复……他说：“好的。”然后继续。（备注。）最后')).toEqual([
      '七天无理由退货。',
      '商品需完好！',
      '如何申请？',
      '联系客服；',
      '我们会回复……他说：“好的。”',
      '然后继续。',
      '（备注。）',
      '最后',
    ]);
  });

  it('handles fullwidth and doubled terminators and half-width ! ? inside Chinese', () => {
    expect(sentences('真的吗？！当然｡好的!谢谢?再见')).toEqual(['真的吗？！', '当然｡', '好的!', '谢谢?', '再见']);
  });

  it('keeps Markdown emphasis closing after a terminator with its sentence', () => {
    expect(sentences('**注意：请保留包装。**后续步骤见下文。')).toEqual(['**注意：请保留包装。**', '后续步骤见下文。']);
  });

  it('splits English at . ! ? before a space, but not abbreviations, versions, numbers or URLs', () => {
    const text =
      'Use a charger, e.g. the LM-C30. Firmware v1.2.3 fixes it! Is 3.5 mm audio supported? ' +
      'See https://lumo.example.com/help.html for details. Dr. Li signed at 9 a.m. today. ' +
      'Options include phones, cases, etc. and more. The end.';
    expect(sentences(text)).toEqual([
      'Use a charger, e.g. the LM-C30.',
      'Firmware v1.2.3 fixes it!',
      'Is 3.5 mm audio supported?',
      'See https://lumo.example.com/help.html for details.',
      'Dr. Li signed at 9 a.m. today.',
      'Options include phones, cases, etc. and more.',
      'The end.',
    ]);
  });

  it('does not split after the number of an ordered list item', () => {
    expect(sentences('1. Open the app.\n2. Tap Orders. Then pick one.')).toEqual([
      '1. Open the app.',
      '2. Tap Orders.',
      'Then pick one.',
    ]);
  });

  it('keeps closing quotes and brackets after English terminators', () => {
    expect(sentences('He said "Stop." Then (see above.) It ended.')).toEqual(['He said "Stop."', 'Then (see above.)', 'It ended.']);
  });

  it('records the whitespace between sentences so the text can be rebuilt', () => {
    const text = 'One. Two.\nThree。四。';
    expect(splitSentences(text).map((p) => p.sep + p.text).join('')).toBe(text);
  });
});

describe('splitLongText', () => {
  it('falls back to clauses, then words, then a hard cut, each piece within the limit', () => {
    const clauses = splitLongText('第一部分内容很长，第二部分内容也很长，第三部分', 10).map((p) => p.text);
    expect(clauses).toEqual(['第一部分内容很长，', '第二部分内容也很长，', '第三部分']);
    const words = splitLongText('alpha beta gamma delta', 11).map((p) => p.text);
    expect(words.every((w) => w.length <= 11)).toBe(true);
    expect(words.join(' ')).toBe('alpha beta gamma delta');
    const hard = splitLongText('x'.repeat(25), 10).map((p) => p.text);
    expect(hard).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('never cuts a surrogate pair and never starts a piece with a closing mark', () => {
    const emoji = splitLongText('😀'.repeat(7), 5).map((p) => p.text);
    expect(emoji.join('')).toBe('😀'.repeat(7));
    expect(emoji.every((p) => p.length <= 5 && !/^[\udc00-\udfff]/.test(p))).toBe(true);
    const cjk = splitLongText('甲乙丙丁戊己庚辛壬癸。子丑寅卯', 10).map((p) => p.text);
    expect(cjk.some((p) => STARTS_WITH_CLOSER.test(p))).toBe(false);
  });
});

describe('chunking long Chinese paragraphs', () => {
  it('cuts at sentence ends, and no chunk starts with a terminator', () => {
    const paragraph = Array.from({ length: 60 }, (_, i) => `第${i}条规定适用于全部订单；` + (i % 3 === 0 ? '请知悉！' : '谢谢。')).join('');
    const chunks = chunkMarkdown(`# 规则\n${paragraph}`, { size: 120, overlap: 30 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expect(c.content.length).toBeLessThanOrEqual(120);
      expect(c.content).not.toMatch(STARTS_WITH_CLOSER);
      expect(c.content).toMatch(/[。！？；]$/);
      expect(c.language).toBe('zh');
    }
  });
});
