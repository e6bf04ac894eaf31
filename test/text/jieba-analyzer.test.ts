import { describe, expect, it } from 'vitest';
import { JiebaAnalyzer } from '../../src/adapters/text/jieba-analyzer.js';

const analyzer = new JiebaAnalyzer();

describe('JiebaAnalyzer', () => {
  it('keeps product codes whole and splits Chinese into words and character bigrams', () => {
    const a = analyzer.analyze('LM-X20 Pro 支持无线充电吗？');
    expect(a.codes).toContain('lmx20');
    expect(a.words).toEqual(expect.arrayContaining(['支持', '无线', '充电']));
    // Bigrams overlap where a question and a passage are segmented differently.
    expect(a.terms).toEqual(expect.arrayContaining(['线充']));
  });

  it('reads Markdown backslash escapes as the character they stand for', () => {
    // Docs written in Markdown escape underscores and other punctuation: "max\_tokens" renders as max_tokens.
    const escaped = analyzer.analyze('**3. 为什么建议 max\\_tokens 设置小一点？**', { phrases: true });
    const plain = analyzer.analyze('3. 为什么建议 max_tokens 设置小一点？', { phrases: true });
    expect(escaped.codes).toEqual(['maxtokens']);
    expect(escaped.terms).toEqual(plain.terms);
    expect(analyzer.analyze('1\\. use \\*config.yaml\\*').terms).toEqual(analyzer.analyze('1. use *config.yaml*').terms);
    // A backslash before a letter is not an escape (a Windows path keeps its words apart).
    expect(analyzer.analyze('C:\\Users\\docs').words).toEqual(['c', 'user', 'doc']);
  });
});
