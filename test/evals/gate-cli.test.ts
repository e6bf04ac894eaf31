import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/sentiment-suite');
const root = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-gate-'));
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'evals/cli.ts', FIXTURE, ...args], { cwd: root }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
const write = (name: string, text: string) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
};

describe('npm run eval: --report, --compare, --gate', () => {
  it('writes the HTML report, passes a gate below today and fails one above, naming the metric', async () => {
    const json = path.join(tmp, 'run.json');
    const html = path.join(tmp, 'run.html');
    const ok = await run(['--json', json, '--report', html, '--thresholds', write('ok.yaml', 'suites:\n  tiny-sentiment:\n    sentiment_accuracy: 0.8\n')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('all thresholds met');
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toContain('<table class="confusion">');
    expect(page).toContain('<span class="pass">pass</span>');

    const bad = await run(['--thresholds', write('high.yaml', 'suites:\n  tiny-sentiment:\n    sentiment_accuracy: 0.95\n    sentiment_macro_f1: 0.1\n')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL tiny-sentiment \(lexicon:v1\) sentiment_accuracy: 0\.857 < minimum 0\.95/);
    expect(bad.stdout).not.toContain('sentiment_macro_f1:');

    const broken = await run(['--thresholds', write('broken.yaml', 'suites:\n  tiny-sentiment:\n    sentiment_accuracy: [1]\n')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('suites.tiny-sentiment.sentiment_accuracy: must be a number');

    // --compare: the same run is unchanged; a baseline that was better beyond tolerance is a regression.
    const same = await run(['--compare', json]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('0 regressions');
    const better = JSON.parse(fs.readFileSync(json, 'utf8'));
    better[0].metrics.sentiment_accuracy = 0.9;
    const worse = await run(['--compare', write('better.json', JSON.stringify(better))]);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/tiny-sentiment\s+lexicon:v1\s+sentiment_accuracy\s+0\.900\s+0\.857\s+-0\.043\s+REGRESSION/);
  }, 300_000);
});
