import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../evals/suite-loader.js';
import { runSuites, type SuiteReport } from '../../evals/run-suites.js';
import { chatKindTables } from '../../evals/chat-kinds-report.js';
import type { ChatKindReport } from '../../evals/chat-kind-runners.js';
import { renderHtmlReport, type AnyReport } from '../../evals/html-report.js';
import type { ClarificationSuiteReport } from '../../evals/run-clarification-suite.js';
import type { ToneSuiteReport } from '../../evals/run-tone-suite.js';
import type { HandoffSuiteReport } from '../../evals/run-handoff-suite.js';
import { testConfig } from '../helpers/build.js';
import { EXAMPLES } from '../helpers/sample-kb.js';

/** Tiny suites of each chat behaviour kind over the sample shop, run through runSuites on the offline default. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-kinds-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const S12 = [{ path: 'zh/products.md', heading: 'LM-S12' }, { path: 'en/products.md', heading: 'LM-S12' }];
const u = (content: string) => ({ role: 'user', content });
function writeSuite(kind: string, cases: Array<{ id: string; lang: string; messages: unknown[]; expect: unknown }>, skills = false) {
  const dir = path.join(tmp, kind);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'suite.yaml'),
    `name: tiny-${kind}\nkind: ${kind}\nknowledge:\n  - path: ${path.join(EXAMPLES, 'sample-kb')}\n${skills ? `skills: ${path.join(EXAMPLES, 'skills.jsonl')}\n` : ''}cases: cases.jsonl\n`);
  fs.writeFileSync(path.join(dir, 'cases.jsonl'), cases.map((c) => JSON.stringify({ ...c, meta: {} })).join('\n') + '\n');
  return loadSuite(dir);
}

describe('clarification, tone and handoff suites through the chat use case', () => {
  it('scores what the bot did: clarifying questions, tone templates, handoffs with reason and skill', async () => {
    const suites = [
      writeSuite('clarification', [
        { id: 'c1', lang: 'zh', messages: [u('充电快不快，支持多少瓦的快充')], expect: { clarify: true, options: ['LM-X20 Pro', 'LM-S12', 'LM-A5'], follow_up: { reply: 'S12', sources: S12 } } },
        { id: 'c2', lang: 'zh', messages: [u('LM-X20 Pro 电池多大？')], expect: { clarify: false } },
        { id: 'c3', lang: 'en', messages: [u('Is the display OLED or LCD?')], expect: { clarify: true } },
      ]),
      writeSuite('tone', [
        { id: 't1', lang: 'zh', messages: [u('退款拖了一个星期还没到账，你们是不是想赖账？退款到底要几天')], expect: { tone: 'calm-apologetic' } },
        { id: 't2', lang: 'en', messages: [u('How do I request a return?')], expect: { tone: 'concise', steps: true } },
        { id: 't3', lang: 'zh', messages: [u('手机掉水里了好慌，这个在保修范围内吗？')], expect: { tone: 'reassuring' } },
      ]),
      writeSuite('handoff', [
        { id: 'h1', lang: 'zh', messages: [u('转人工')], expect: { handoff: true, reason: 'customer_request' } },
        { id: 'h2', lang: 'zh', messages: [u('退款多久到账'), u('退款多久到账？？')], expect: { handoff: true, reason: 'repeated_failure', skill: 'refund' } },
        { id: 'h3', lang: 'zh', messages: [u('LM-S12 多少钱')], expect: { handoff: false } },
        { id: 'h4', lang: 'zh', messages: [u('我的账号被盗了，有人用我的账号下了单')], expect: { handoff: true, reason: 'sensitive_intent', skill: 'account' } },
      ], true),
    ];
    const config = { ...testConfig(), database: { kind: 'pglite' as const, dataDir: 'memory://' } };
    const tracked: string[] = [];
    const { reports, skipped } = await runSuites(suites, { config, progress: { track: (label) => (tracked.push(label), { increment: () => undefined }) } });
    expect(skipped).toEqual([]);
    expect(tracked).toEqual(expect.arrayContaining(['tiny-clarification (local)', 'tiny-tone (local)', 'tiny-handoff (local)']));
    const byKind = <T extends SuiteReport>(k: string) => reports.find((r) => r.kind === k) as T;

    const clar = byKind<ClarificationSuiteReport>('clarification');
    const c1 = clar.records.find((r) => r.id === 'c1')!;
    expect(c1).toMatchObject({ clarified: true, kind: 'clarification', options_recall: 1 });
    // The reply is joined to the question it answers, and that turn finds the S12 section.
    expect(c1.follow_up).toMatchObject({ kind: 'answer', rank: 1, grounded: true });
    expect(c1.follow_up!.query).toContain('S12');
    expect(clar.records.find((r) => r.id === 'c2')).toMatchObject({ clarified: false });
    expect(clar.metrics).toMatchObject({ cases: 3, clarification_precision: 1, clarification_recall: 1, clarification_f1: 1, 'follow_up_hit@1': 1, follow_up_grounded: 1 });
    expect(clar.counts).toEqual({ clarify_cases: 2, clarified: 2, follow_up_cases: 1 });
    expect(clar.by_lang.en).toMatchObject({ cases: 1, clarification_recall: 1 });

    const tone = byKind<ToneSuiteReport>('tone');
    const t = Object.fromEntries(tone.records.map((r) => [r.id, r]));
    expect(t.t1).toMatchObject({ chosen: 'calm-apologetic', check: { opening: true, applied: true } });
    expect(t.t1!.text.startsWith('非常抱歉')).toBe(true);
    expect(t.t2).toMatchObject({ chosen: 'concise', check: { steps: 'ordered', applied: true } });
    expect(t.t3).toMatchObject({ chosen: 'reassuring', check: { applied: true } });
    expect(tone.metrics).toMatchObject({ cases: 3, tone_accuracy: 1, tone_applied: 1, language_match: 1, steps_given: 1 });
    expect(tone.confusion).toEqual(expect.arrayContaining([{ gold: 'concise', pred: 'concise', count: 1 }]));

    const hand = byKind<HandoffSuiteReport>('handoff');
    const h = Object.fromEntries(hand.records.map((r) => [r.id, r]));
    expect(h.h1).toMatchObject({ handed_off: true, reason: 'customer_request', turn: 1 });
    expect(h.h2).toMatchObject({ handed_off: true, reason: 'repeated_failure', skill: 'refund', turn: 2 });
    expect(h.h3).toMatchObject({ handed_off: false, kinds: ['answer'] });
    expect(h.h4).toMatchObject({ handed_off: true, reason: 'sensitive_intent', detail: 'account_security', skill: 'account' });
    expect(hand.metrics).toMatchObject({ handoff_precision: 1, handoff_recall: 1, reason_accuracy: 1, skill_accuracy: 1 });
    expect(hand.failures).toEqual([]);

    // Summary tables per suite and language, and the HTML report's sections.
    const tables = chatKindTables(reports as ChatKindReport[]);
    expect(tables.map((x) => x.rows[1]!.slice(0, 4))).toEqual([
      ['tiny-clarification', 'local', 'all', '3'], ['tiny-tone', 'local', 'all', '3'], ['tiny-handoff', 'local', 'all', '4'],
    ]);
    expect(tables[2]!.rows.map((r) => r[2])).toEqual(expect.arrayContaining(['zh', 'reason:customer_request', 'reason:none']));
    const html = renderHtmlReport(reports as unknown as AnyReport[]);
    expect(html).toContain('id="suite-tiny-handoff"');
    expect(html).toContain('<td class="l">reason:sensitive_intent</td>');
    expect(html).toContain('<table class="confusion">');
    expect(html).toContain('<th>handoff_f1</th>');
  }, 480_000);
});
