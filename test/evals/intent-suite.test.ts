import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSuite, SuiteFormatError } from '../../evals/suite-loader.js';
import { runIntentSuite } from '../../evals/run-intent-suite.js';
import { ExemplarIntentClassifier } from '../../src/adapters/intent/exemplar-intent-classifier.js';
import { JiebaAnalyzer } from '../../src/adapters/text/jieba-analyzer.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/intent-suite');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'intent-suite-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const SKILLS = ['{"skill":"a","text":"one"}', '{"skill":"b","text":"two"}'];
function writeSuite(name: string, cases: string[], skills: string[] | null = SKILLS) {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'suite.yaml'), `name: ${name}\nkind: intent\nknowledge: []\n${skills ? 'skills: skills.jsonl\n' : ''}cases: cases.jsonl\n`);
  if (skills) fs.writeFileSync(path.join(dir, 'skills.jsonl'), skills.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'cases.jsonl'), cases.join('\n') + '\n');
  return dir;
}
const ok = '{"id":"1","lang":"en","messages":[{"role":"user","content":"one"}],"expect":{"action":"answer","skill":"a"}}';

describe('intent suites', () => {
  it('reads the skills file with the suite', () => {
    const s = loadSuite(writeSuite('ok', [ok]));
    expect(s.skills).toEqual([{ skill: 'a', text: 'one' }, { skill: 'b', text: 'two' }]);
  });

  it('names the file, line and field of a malformed skills file or case', () => {
    expect(() => loadSuite(writeSuite('noskills', [ok], null))).toThrow(/suite\.yaml: skills: required for intent suites/);
    const badSkill = writeSuite('bad-skill', [ok], [SKILLS[0], SKILLS[1], '{"skill":"c"}']);
    expect(() => loadSuite(badSkill)).toThrow(SuiteFormatError);
    expect(() => loadSuite(badSkill)).toThrow(/skills\.jsonl:3: text:/);
    expect(() => loadSuite(writeSuite('bad-json', [ok], [SKILLS[0], '{"skill":'] ))).toThrow(/skills\.jsonl:2: json:/);
    const noSkill = writeSuite('no-skill', [ok, '{"id":"2","lang":"en","messages":[{"role":"user","content":"x"}],"expect":{"action":"answer"}}']);
    expect(() => loadSuite(noSkill)).toThrow(/cases\.jsonl:2: expect\.skill: required when action is answer/);
    const unknown = writeSuite('unknown', ['{"id":"1","lang":"zh","messages":[{"role":"user","content":"x"}],"expect":{"action":"answer","skill":"zz"}}']);
    expect(() => loadSuite(unknown)).toThrow(/cases\.jsonl:1: expect\.skill: zz is not a skill/);
    const noAction = writeSuite('no-action', ['{"id":"1","lang":"zh","messages":[{"role":"user","content":"x"}],"expect":{"skill":"a"}}']);
    expect(() => loadSuite(noAction)).toThrow(/cases\.jsonl:1: expect\.action: required for intent suites/);
  });

  it('runs a hand-written suite end to end through the runner', async () => {
    const suite = loadSuite(FIXTURE);
    let seen = 0;
    const analyzer = new JiebaAnalyzer();
    const report = await runIntentSuite(suite, (ex) => ExemplarIntentClassifier.create(analyzer, ex), { onCase: () => seen++ });
    expect(seen).toBe(8);
    expect(report).toMatchObject({ suite: 'tiny-intent', kind: 'intent', pipeline: 'exemplar:v1', cases: 8, skills: 3, exemplars: 24 });
    // Every answer case routed right; one of the two out-of-scope messages caught.
    expect(report.metrics).toMatchObject({ answer_cases: 6, escalate_cases: 2, routing_accuracy: 1, false_escalation_rate: 0, oos_precision: 1, oos_recall: 0.5 });
    expect(report.failures.map((f) => f.id)).toEqual(['ti-oos-1']);
    expect(report.failures[0]).toMatchObject({ expected: { action: 'escalate' }, got: { skill: expect.any(String) } });
    expect(report.by_lang.zh).toMatchObject({ cases: 4, routing_accuracy: 1, oos_recall: 1 });
    expect(report.by_lang.en).toMatchObject({ cases: 4, oos_recall: 0 });
    expect(Object.keys(report.by_domain ?? {})).toEqual(['domain:account', 'domain:oos', 'domain:orders']);
    expect(report.calibration).toMatchObject({ skills: 3, exemplars: 24 });
    expect(report.messages_per_s).toBeGreaterThan(0);
  });

  it('is scored by `npm run eval` with a table and --json output', async () => {
    const out = path.join(tmp, 'run.json');
    const root = path.resolve(import.meta.dirname, '../..');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'evals/cli.ts', FIXTURE, '--json', out], { cwd: root });
    expect(stdout).toMatch(/tiny-intent\s+all\s+8\s+1\.000\s+1\.000\s+0\.000\s+2\s+1\.000\s+0\.500\s+0\.667/);
    const [r] = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['suite', 'kind', 'cases', 'metrics', 'by_lang', 'calibration', 'top_confusions', 'failures']));
    expect(r).toMatchObject({ suite: 'tiny-intent', kind: 'intent', cases: 8 });
  });
});
