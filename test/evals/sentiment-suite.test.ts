import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSuite, SuiteFormatError } from '../../evals/suite-loader.js';
import { runSentimentSuite } from '../../evals/run-sentiment-suite.js';
import { LexiconSentimentAnalyzer } from '../../src/adapters/sentiment/lexicon-sentiment-analyzer.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/sentiment-suite');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sentiment-suite-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeSuite(name: string, cases: string[]) {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'suite.yaml'), `name: ${name}\nkind: sentiment\nknowledge: []\ncases: cases.jsonl\n`);
  fs.writeFileSync(path.join(dir, 'cases.jsonl'), cases.join('\n') + '\n');
  return dir;
}

describe('sentiment suites', () => {
  it('names the file, line and field of a malformed sentiment case', () => {
    const ok = '{"id":"1","lang":"en","messages":[{"role":"user","content":"fine"}],"expect":{"sentiment":"neutral"}}';
    const badLabel = writeSuite('bad-label', [ok, '{"id":"2","lang":"en","messages":[{"role":"user","content":"x"}],"expect":{"sentiment":"mixed"}}']);
    expect(() => loadSuite(badLabel)).toThrow(SuiteFormatError);
    expect(() => loadSuite(badLabel)).toThrow(/cases\.jsonl:2: expect\.sentiment:/);
    const badEmotion = writeSuite('bad-emotion', ['{"id":"1","lang":"zh","messages":[{"role":"user","content":"好"}],"expect":{"sentiment":"positive","emotion":"joy"}}']);
    expect(() => loadSuite(badEmotion)).toThrow(/cases\.jsonl:1: expect\.emotion:/);
    const missing = writeSuite('missing', [ok, ok.replace('"1"', '"2"'), '{"id":"3","lang":"en","messages":[{"role":"user","content":"x"}],"expect":{}}']);
    expect(() => loadSuite(missing)).toThrow(/cases\.jsonl:3: expect\.sentiment: required for sentiment suites/);
  });

  it('runs a hand-written suite end to end through the runner', async () => {
    const suite = loadSuite(FIXTURE);
    let seen = 0;
    const report = await runSentimentSuite(suite, new LexiconSentimentAnalyzer(), { onCase: () => seen++ });
    expect(seen).toBe(7);
    expect(report).toMatchObject({ suite: 'tiny-sentiment', kind: 'sentiment', pipeline: 'lexicon:v1', cases: 7 });
    // t-en-4 is labelled against its text on purpose: the one failure.
    expect(report.failures.map((f) => f.id)).toEqual(['t-en-4']);
    expect(report.failures[0]).toMatchObject({ expected: { sentiment: 'negative', emotion: 'sad' }, got: { sentiment: 'positive', emotion: 'happy' } });
    expect(report.metrics.sentiment_accuracy).toBeCloseTo(6 / 7, 4);
    expect(report.metrics.emotion_cases).toBe(6);
    expect(report.metrics.angry_recall).toBe(1);
    expect(report.metrics.anxious_recall).toBe(1);
    expect(report.by_lang.zh).toMatchObject({ cases: 3, sentiment_accuracy: 1 });
    expect(report.by_lang.en.cases).toBe(4);
    expect(Object.keys(report.by_source ?? {})).toEqual(['source:chat', 'source:review']);
    expect(report.messages_per_s).toBeGreaterThan(0);
  });

  it('is scored by `npm run eval` with a table and --json output', async () => {
    const out = path.join(tmp, 'run.json');
    const root = path.resolve(import.meta.dirname, '../..');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'evals/cli.ts', FIXTURE, '--json', out], { cwd: root });
    expect(stdout).toMatch(/tiny-sentiment\s+all\s+7\s+0\.857\s+0\.\d{3}\s+0\.750/);
    const [r] = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['suite', 'kind', 'cases', 'metrics', 'by_lang', 'failures']));
    expect(r).toMatchObject({ suite: 'tiny-sentiment', kind: 'sentiment', cases: 7 });
  });
});
