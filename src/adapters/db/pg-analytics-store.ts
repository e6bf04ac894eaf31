import {
  CONFIDENCE_BUCKETS,
  wholeHourOffset,
  type AnalyticsFilter,
  type ConversationCounts,
  type Interval,
  type TimeseriesCounts,
} from '../../domain/analytics.js';
import { InvalidInput } from '../../domain/errors.js';
import type { AnalyticsStore } from '../../ports/analytics-store.js';
import { Params } from './analytics-filter-sql.js';
import { keyCountRows, sources, summedColumns, sumRows } from './analytics-sums-sql.js';
import { refreshRollups } from './analytics-rollup.js';
import type { Database } from './database.js';
import { agentCounts } from './pg-agent-analytics.js';

const n = (x: unknown) => (x === null || x === undefined ? 0 : Number(x));

/**
 * The dashboard's figures: sums over the rollups of the conversations opened in the range
 * (docs/analytics.md), from whole hours where possible (analytics-sums-sql.ts).
 */
export class PgAnalyticsStore implements AnalyticsStore {
  constructor(
    private readonly db: Database,
    /** Every figure is of this tenant's conversations and agents only. */
    readonly tenantId: string,
  ) {}

  async refresh() {
    await refreshRollups(this.db);
  }

  async conversationCounts(f: AnalyticsFilter): Promise<ConversationCounts> {
    const p = new Params();
    const { rows } = await this.db.pool.query(`SELECT ${summedColumns} FROM (${sumRows(sources(this.tenantId, f, p))}) AS s`, p.values);
    const r = rows[0];
    return {
      conversations: n(r.conversations),
      handledByHumans: n(r.handled),
      effectiveHuman: n(r.effective),
      engaged: n(r.engaged),
      escalated: n(r.escalated),
      ratingCounts: [n(r.r1), n(r.r2), n(r.r3), n(r.r4), n(r.r5)],
      queue: { ms: n(r.queue_ms), n: n(r.queue_n) },
      duration: { ms: n(r.duration_ms), n: n(r.duration_n) },
      firstResponse: { ms: n(r.first_ms), n: n(r.first_n) },
      response: { ms: n(r.response_ms), n: n(r.response_n) },
      answers: n(r.answers),
      confidenceBuckets: Array.from({ length: CONFIDENCE_BUCKETS }, (_, i) => n(r[`b${i}`])),
    };
  }

  async escalationsByReason(f: AnalyticsFilter): Promise<Record<string, number>> {
    const p = new Params();
    const { rows } = await this.db.pool.query(
      `SELECT key, sum(n) AS n FROM (${keyCountRows(sources(this.tenantId, f, p), 'reasons')}) AS k GROUP BY key ORDER BY sum(n) DESC, key`,
      p.values,
    );
    return Object.fromEntries(rows.map((r) => [r.key, n(r.n)]));
  }

  async topUnanswered(f: AnalyticsFilter, opts: { limit: number }) {
    const p = new Params();
    const src = sources(this.tenantId, f, p);
    const { rows } = await this.db.pool.query(
      `SELECT key, sum(n) AS n FROM (${keyCountRows(src, 'unanswered')}) AS k GROUP BY key ORDER BY sum(n) DESC, key LIMIT ${p.add(opts.limit)}`,
      p.values,
    );
    return rows.map((r) => ({ question: r.key as string, count: n(r.n) }));
  }

  agentCounts(f: AnalyticsFilter, now: Date) {
    return agentCounts(this.db, this.tenantId, f, now);
  }

  async timeseries(f: AnalyticsFilter, interval: Interval, timeZone: string): Promise<TimeseriesCounts[]> {
    const p = new Params();
    // Whole UTC hours make whole local hours and days only where the offset is whole hours.
    const src = sources(this.tenantId, f, p, { byHour: wholeHourOffset(timeZone, f.from) && wholeHourOffset(timeZone, f.to) });
    const unit = p.add(interval);
    const tz = p.add(timeZone);
    const from = p.add(f.from);
    const to = p.add(f.to);
    // Buckets are local times in `timeZone` (a day in Shanghai starts at 16:00 UTC), generated as
    // timestamps without zone and turned back into instants, so empty buckets appear too.
    const { rows } = await this.db.pool
      .query(
        `WITH b AS (
           SELECT date_trunc(${unit}, at AT TIME ZONE ${tz}) AS bucket,
             sum(conversations) AS conversations, sum(handled) AS handled, sum(escalations) AS escalations, sum(answers) AS answers,
             sum(confidence_sum) AS confidence_sum, sum(confidence_n) AS confidence_n, sum(r1 + r2 + r3 + r4 + r5) AS ratings,
             sum(score_sum) AS score_sum
           FROM (${sumRows(src)}) AS s
           GROUP BY 1
         )
         SELECT g.bucket AT TIME ZONE ${tz} AS t, b.*
         FROM generate_series(date_trunc(${unit}, ${from}::timestamptz AT TIME ZONE ${tz}),
                              (${to}::timestamptz AT TIME ZONE ${tz}) - interval '1 microsecond',
                              ('1 ' || ${unit})::interval) AS g(bucket)
         LEFT JOIN b ON b.bucket = g.bucket
         ORDER BY g.bucket`,
        p.values,
      )
      .catch((err) => {
        // The route checks the zone against the runtime's list; the database's list may differ slightly.
        if ((err as { code?: string }).code === '22023') throw new InvalidInput(`Unknown time zone: ${timeZone}`, { details: { field: 'tz' }, cause: err });
        throw err;
      });
    return rows.map((r) => ({
      t: r.t,
      conversations: n(r.conversations),
      handledByHumans: n(r.handled),
      escalations: n(r.escalations),
      answers: n(r.answers),
      confidence: { sum: n(r.confidence_sum), n: n(r.confidence_n) },
      ratings: n(r.ratings),
      scoreSum: n(r.score_sum),
    }));
  }
}
