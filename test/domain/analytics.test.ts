import { describe, expect, it } from 'vitest';
import { agentFigures, checkRange, conversationReport, emptyAgentCounts, wholeHourOffset } from '../../src/domain/analytics.js';
import { elapsedMs, normalizeQuestion } from '../../src/domain/analytics-events.js';
import { toCsv } from '../../src/http/csv.js';

describe('analytics arithmetic', () => {
  it('one question however it is typed: width, case, spaces, end punctuation', () => {
    expect(normalizeQuestion('  ＬＭ-Ｘ20   多少钱？？ ')).toBe('lm-x20 多少钱');
    expect(normalizeQuestion('退款多久到账。')).toBe('退款多久到账');
    expect(normalizeQuestion('How long does a refund take?!')).toBe('how long does a refund take');
    expect(normalizeQuestion('x'.repeat(500))).toHaveLength(200);
  });

  it('rates and averages are null with nothing to divide by', () => {
    const empty = conversationReport(
      {
        conversations: 0, handledByHumans: 0, effectiveHuman: 0, engaged: 0, escalated: 0, ratingCounts: [0, 0, 0, 0, 0],
        queue: { ms: 0, n: 0 }, duration: { ms: 0, n: 0 }, firstResponse: { ms: 0, n: 0 }, response: { ms: 0, n: 0 },
        answers: 0, confidenceBuckets: Array(10).fill(0),
      },
      {},
      [],
    );
    expect(empty.totals.avgQueueSeconds).toBeNull();
    expect(empty.bot.deflectionRate).toBeNull();
    expect(empty.bot.confidenceHistogram.at(-1)).toEqual({ from: 0.9, to: 1, count: 0 });
    const agent = agentFigures({ ...emptyAgentCounts(), conversations: 4, unreplied: 1, ratings: 3, satisfied: 2, response: { ms: 90_000, n: 3 } });
    expect(agent).toMatchObject({ unrepliedRate: 0.25, satisfactionRate: 2 / 3, avgResponseSeconds: 30, avgFirstResponseSeconds: null });
  });

  it('ranges: ordered, at most a year, a chartable number of points', () => {
    const at = (d: string) => new Date(d);
    expect(() => checkRange(at('2026-03-02T00:00:00Z'), at('2026-03-01T00:00:00Z'))).toThrow(/before/);
    expect(() => checkRange(at('2025-01-01T00:00:00Z'), at('2026-03-01T00:00:00Z'))).toThrow(/366 days/);
    expect(() => checkRange(at('2026-01-01T00:00:00Z'), at('2026-12-01T00:00:00Z'), 'hour')).toThrow(/interval=day/);
    expect(() => checkRange(at('2026-01-01T00:00:00Z'), at('2026-12-01T00:00:00Z'), 'day')).not.toThrow();
  });

  it('which time zones have days starting on a UTC hour', () => {
    const now = new Date('2026-03-02T00:00:00Z');
    expect(['UTC', 'Asia/Shanghai', 'America/New_York'].map((tz) => wholeHourOffset(tz, now))).toEqual([true, true, true]);
    expect(['Asia/Kolkata', 'Asia/Kathmandu'].map((tz) => wholeHourOffset(tz, now))).toEqual([false, false]);
  });

  it('elapsed time is never negative', () => {
    expect(elapsedMs(new Date(2000), new Date(1000))).toBe(0);
    expect(elapsedMs(null, new Date())).toBeNull();
  });
});

describe('CSV', () => {
  it('BOM, CRLF, quoting, and text that a spreadsheet would run as a formula', () => {
    const csv = toCsv(['姓名', 'n'], [['张三, "老张"', 1.23456], ['=HYPERLINK("x")', null], ['-1 度能用吗', 0.1 + 0.2]]);
    expect(csv).toBe('\uFEFF姓名,n\r\n"张三, ""老张""",1.2346\r\n"\'=HYPERLINK(""x"")",\r\n\'-1 度能用吗,0.3\r\n');
  });
});
