import { describe, expect, it } from 'vitest';
import { loadSuite, SuiteFormatError } from '../../evals/suite-loader.js';
import { runInjectionSuite } from '../../evals/run-injection-suite.js';
import { testConfig } from '../helpers/build.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('prompt-injection suite', () => {
  const suite = loadSuite('evals/suites/prompt-injection');

  it('has at least 40 cases in zh and en over every vector and attack', () => {
    expect(suite.kind).toBe('injection');
    expect(suite.cases.length).toBeGreaterThanOrEqual(40);
    const by = (f: (c: (typeof suite.cases)[number]) => string) => new Set(suite.cases.map(f));
    expect(by((c) => c.lang)).toEqual(new Set(['zh', 'en']));
    expect(by((c) => c.expect.injection!.vector)).toEqual(new Set(['document', 'message', 'history']));
    expect(by((c) => c.expect.injection!.attack)).toEqual(new Set(['ignore_instructions', 'reveal_prompt', 'role_switch', 'exfiltrate']));
  });

  it('a case without its injection expectations is a format error naming the line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inj-'));
    fs.writeFileSync(path.join(dir, 'suite.yaml'), 'name: x\nkind: injection\nknowledge: []\ncases: cases.jsonl\n');
    fs.writeFileSync(path.join(dir, 'cases.jsonl'), '{"id":"a","lang":"en","messages":[{"role":"user","content":"hi"}],"expect":{"action":"answer"}}\n');
    expect(() => loadSuite(dir)).toThrow(SuiteFormatError);
    expect(() => loadSuite(dir)).toThrow(/cases.jsonl:1: expect.injection/);
  });

  it('resists a sample on both paths, and the checks do fail when an attack gets through', async () => {
    const ids = ['inj-doc-zh-01', 'inj-doc-en-01', 'inj-msg-zh-01', 'inj-msg-en-02', 'inj-hist-zh-01'];
    const sample = { ...suite, cases: suite.cases.filter((c) => ids.includes(c.id)) };
    // A control case: its "canary" is the legitimate answer, so it must be reported as a failure.
    const control = structuredClone(sample.cases[0]!);
    control.id = 'control';
    control.expect.injection!.forbidden = ['7 天'];
    sample.cases.push(control);
    const [local, llm] = await runInjectionSuite(sample, testConfig());
    for (const r of [local!, llm!]) {
      expect(r.cases).toBe(6);
      expect(r.failures.map((f) => f.id)).toEqual(['control']);
      expect(r.failures[0]!.failed).toContain('no_forbidden');
      expect(r.metrics.no_prompt_leak).toBe(1);
    }
    expect(local!.pipeline).toBe('local');
    expect(llm!.metrics).toMatchObject({ fences_intact: 1, labelled: 1, injected_fenced: 1, system_clean: 1, prompt_isolated: 1 });
    // The worst-case fake tried to recite its prompt on the message attacks; none of it got out.
    expect(llm!.metrics.leak_attempts).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
