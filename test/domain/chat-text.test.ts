import { describe, expect, it } from 'vitest';
import { joinChunks, streamPieces } from '../../src/domain/answer-composition.js';
import { GroundingMarkFilter } from '../../src/domain/grounding-mark.js';
import { renderPrompt, PromptRenderError } from '../../src/domain/prompt-template.js';
import { clarificationOptions } from '../../src/domain/clarification.js';
import { answerF1 } from '../../evals/answer-metrics.js';
import { PromptLibrary } from '../../src/adapters/prompts/prompt-library.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('answer text helpers', () => {
  it('re-joins overlapping chunks without repeating the overlap', () => {
    expect(joinChunks(['第一句。第二句。第三句话比较长一些。', '第三句话比较长一些。第四句。'])).toBe('第一句。第二句。第三句话比较长一些。第四句。');
    expect(joinChunks(['Alpha one.', 'Beta two.'])).toBe('Alpha one.\n\nBeta two.');
  });

  it('streams in sentence-sized pieces that add up to the text', () => {
    const text = '退款原路退回。支付宝 1–2 个工作日！银行卡 3–7 个工作日？' + 'x'.repeat(120);
    const pieces = streamPieces(text);
    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBeGreaterThan(3);
  });

  it('strips the grounding mark even when it arrives split across chunks', () => {
    const f = new GroundingMarkFilter();
    const out = ['The answer [1]', '\n<', '<groun', 'ded:0.', '85>>'].map((p) => f.push(p)).join('') + f.flush();
    expect(out).toBe('The answer [1]');
    expect(f.grounding).toBeCloseTo(0.85);
    const g = new GroundingMarkFilter();
    expect(g.push('a < b') + g.flush()).toBe('a < b');
  });

  it('refuses to render a prompt with a missing or undeclared variable', () => {
    const t = { id: 'p', version: 1, language: 'en' as const, variables: ['q'], text: 'Q: {{q}}', meta: {} };
    expect(renderPrompt(t, { q: 'hi' })).toBe('Q: hi');
    expect(() => renderPrompt(t, {})).toThrow(PromptRenderError);
    expect(() => renderPrompt(t, { q: 'x', other: 'y' })).toThrow(/does not declare/);
  });

  it('loads the shipped prompts and rejects a file whose variables do not match its body', () => {
    const lib = new PromptLibrary();
    expect(lib.render('local-clarify', 'zh', { options: 'A、B' }).text).toContain('A、B');
    expect(lib.get('tone-calm-apologetic', 'en').meta.opening).toMatch(/sorry/i);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompts-'));
    fs.writeFileSync(path.join(dir, 'bad.en.md'), '---\nid: bad\nversion: 1\nvariables: [a]\n---\nHello {{b}}');
    expect(() => new PromptLibrary(dir)).toThrow(/bad.en.md: variables used but not declared \[b\]/);
  });

  it('asks which model only when the close passages are about different models', () => {
    const hits = (labels: string[][]) => labels.map((l, i) => ({ score: 1 - i * 0.05, labels: l }));
    expect(clarificationOptions('手机电池多大', '', hits([['机型介绍', 'LM-S12'], ['机型介绍', 'LM-A5'], ['LM-X20 Pro']]))).toEqual(['LM-S12', 'LM-A5', 'LM-X20 Pro']);
    expect(clarificationOptions('LM-A5 电池多大', '', hits([['LM-S12'], ['LM-A5']]))).toEqual([]);
    expect(clarificationOptions('运费怎么算', '', hits([['配送与物流', '运费'], ['LM-A5']]))).toEqual([]);
  });

  it('scores answers by token F1, per character for Chinese', () => {
    expect(answerF1('退款 1–2 个工作日到账', '退款1-2个工作日到账')).toBeCloseTo(1, 5);
    // refund, arrives, in, days shared; two ≠ 2: P = R = 4/5
    expect(answerF1('The refund arrives in two days.', 'Refund arrives in 2 days')).toBeCloseTo(0.8, 5);
    expect(answerF1('', 'something')).toBe(0);
  });
});
