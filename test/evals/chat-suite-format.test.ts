import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSuite, SuiteFormatError } from '../../evals/suite-loader.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const KB = path.join(ROOT, 'examples/sample-kb');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-suite-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const SKILLS = ['{"skill":"refund","text":"我要退货"}', '{"skill":"logistics","text":"快递到哪了"}'];
function writeSuite(name: string, kind: string, cases: unknown[], opts: { skills?: boolean; knowledge?: string } = {}) {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  const knowledge = opts.knowledge ?? `\n  - path: ${KB}`;
  fs.writeFileSync(path.join(dir, 'suite.yaml'), `name: ${name}\nkind: ${kind}\nknowledge:${knowledge}\n${opts.skills ? 'skills: skills.jsonl\n' : ''}cases: cases.jsonl\n`);
  if (opts.skills) fs.writeFileSync(path.join(dir, 'skills.jsonl'), SKILLS.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'cases.jsonl'), cases.map((c) => (typeof c === 'string' ? c : JSON.stringify(c))).join('\n') + '\n');
  return dir;
}
const user = (content: string) => ({ role: 'user', content });
const c = (id: string, expect: Record<string, unknown>, messages = [user('手机电池多大')]) => ({ id, lang: 'zh', messages, expect, meta: {} });

describe('clarification, tone and handoff suites: the format extension', () => {
  it('reads valid suites of each kind', () => {
    const clar = loadSuite(writeSuite('clar-ok', 'clarification', [
      c('1', { clarify: true, options: ['LM-S12', 'LM-A5'], follow_up: { reply: 'S12', sources: [{ path: 'zh/products.md', heading: 'LM-S12' }] } }),
      c('2', { clarify: false }),
    ]));
    expect(clar).toMatchObject({ kind: 'clarification', cases: [{ expect: { clarify: true, follow_up: { reply: 'S12' } } }, { expect: { clarify: false } }] });
    const tone = loadSuite(writeSuite('tone-ok', 'tone', [c('1', { tone: 'reassuring', steps: true })]));
    expect(tone.cases[0]!.expect).toMatchObject({ tone: 'reassuring', steps: true });
    const hand = loadSuite(writeSuite('hand-ok', 'handoff', [c('1', { handoff: true, reason: 'customer_request', skill: 'refund' }), c('2', { handoff: false })], { skills: true }));
    expect(hand).toMatchObject({ kind: 'handoff', skillsFile: path.join(tmp, 'hand-ok', 'skills.jsonl') });
    expect(hand.skills?.map((s) => s.skill)).toEqual(['refund', 'logistics']);
  });

  it('names the file, line and field of a malformed case', () => {
    const expectError = (dir: string, pattern: RegExp) => {
      expect(() => loadSuite(dir)).toThrow(SuiteFormatError);
      expect(() => loadSuite(dir)).toThrow(pattern);
    };
    const file = (name: string) => path.join(tmp, name, 'cases.jsonl').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expectError(writeSuite('clar-missing', 'clarification', [c('1', { clarify: true }), c('2', {})]), new RegExp(`^${file('clar-missing')}:2: expect\\.clarify: required`));
    expectError(writeSuite('clar-options', 'clarification', [c('1', { clarify: false, options: ['LM-A5'] })]), /cases\.jsonl:1: expect\.options: only when clarify is true/);
    expectError(writeSuite('clar-follow', 'clarification', [c('1', { clarify: true, follow_up: { reply: 'S12' } })]), /cases\.jsonl:1: expect\.follow_up\.sources: a follow-up needs sources or faq_ids/);
    expectError(writeSuite('clar-type', 'clarification', [c('1', { clarify: 'yes' })]), /cases\.jsonl:1: expect\.clarify: /);
    expectError(writeSuite('tone-missing', 'tone', [c('1', { tone: 'concise' }), c('2', { steps: true })]), /cases\.jsonl:2: expect\.tone: required for tone suites/);
    expectError(writeSuite('tone-bad', 'tone', [c('1', { tone: 'cheerful' })]), /cases\.jsonl:1: expect\.tone: /);
    expectError(writeSuite('tone-last', 'tone', [c('1', { tone: 'concise' }, [user('hi'), { role: 'assistant', content: 'hello' }])]), /cases\.jsonl:1: messages: the last message must be the customer's/);
    const skills = { skills: true };
    expectError(writeSuite('hand-missing', 'handoff', [c('1', { reason: 'low_confidence' })], skills), /cases\.jsonl:1: expect\.handoff: required/);
    expectError(writeSuite('hand-reason', 'handoff', [c('1', { handoff: true })], skills), /cases\.jsonl:1: expect\.reason: required when handoff is true/);
    expectError(writeSuite('hand-code', 'handoff', [c('1', { handoff: true, reason: 'angry' })], skills), /cases\.jsonl:1: expect\.reason: /);
    expectError(writeSuite('hand-skill', 'handoff', [c('1', { handoff: true, reason: 'customer_request', skill: 'billing' })], skills), /cases\.jsonl:1: expect\.skill: billing is not a skill of the skills file/);
    expectError(writeSuite('hand-turns', 'handoff', [c('1', { handoff: false }, [user('a'), { role: 'assistant', content: 'b' }, user('c')])], skills), /cases\.jsonl:1: messages\[1\]\.role: handoff suites hold customer turns only/);
    expectError(writeSuite('hand-json', 'handoff', [c('1', { handoff: false }), '{"id": "2", "lang": "zh",'], skills), /cases\.jsonl:2: json: /);
  });

  it('names the suite file and field when the suite itself is incomplete', () => {
    expect(() => loadSuite(writeSuite('hand-noskills', 'handoff', [c('1', { handoff: false })]))).toThrow(/suite\.yaml: skills: required for handoff suites/);
    expect(() => loadSuite(writeSuite('tone-noknowledge', 'tone', [c('1', { tone: 'concise' })], { knowledge: ' []' }))).toThrow(/suite\.yaml: knowledge: required for tone suites/);
    expect(() => loadSuite(writeSuite('clar-gone', 'clarification', [], { knowledge: '\n  - path: nowhere' }))).toThrow(/suite\.yaml: knowledge\[0\]\.path: nowhere does not exist/);
  });

  it('ships hand-written suites of each kind: at least 40 cases, zh and en', () => {
    for (const name of ['clarification', 'tone', 'handoff']) {
      const s = loadSuite(path.join(ROOT, 'evals/suites', name));
      expect(s.kind).toBe(name);
      expect(s.cases.length).toBeGreaterThanOrEqual(40);
      const langs = s.cases.map((x) => x.lang);
      expect(langs.filter((l) => l === 'zh').length).toBeGreaterThanOrEqual(20);
      expect(langs.filter((l) => l === 'en').length).toBeGreaterThanOrEqual(20);
    }
  });
});
