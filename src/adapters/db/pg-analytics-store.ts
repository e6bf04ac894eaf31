import { CONFIDENCE_BUCKETS, type AnalyticsFilter, type ConversationCounts, type Interval, type TimeseriesCounts } from '../../domain/analytics.js';
import { InvalidInput } from '../../domain/errors.js';
import type { AnalyticsStore } from '../../ports/analytics-store.js';
import { rollupConditions, Params } from './analytics-filter-sql.js';
import { refreshRollups } from './analytics-rollup.js';
import type { Database } from './database.js';
import { agentCounts } from './pg-agent-analytics.js';

const n = (x: unknown) => (x === null || x === undefined ? 0 : Number(x));

/** The dashboard's figures: sums over the rollups of the conversations opened in the range (docs/analytics.md). */
export class PgAnalyticsStore implements AnalyticsStore {
  constructor(private readonly db: Database) {}

  async refresh() {
    await refreshRollups(this.db);
  }

  async conversationCounts(f: AnalyticsFilter): Promise<ConversationCounts> {
    const p = new Params();
    const { rows } = await this.db.pool.query(
      `SELECT count(*) AS conversations,
         count(*) FILTER (WHERE first_assigned IS NOT NULL) AS handled,
         count(*) FILTER (WHERE first_reply IS NOT NULL AND customer_with_agent) AS effective,
         count(*) FILTER (WHERE engaged) AS engaged,
         count(*) FILTER (WHERE engaged AND cardinality(escalation_reasons) > 0) AS escalated,
         ${[1, 2, 3, 4, 5].map((s) => `sum(rating_counts[${s}]) AS r${s}`).join(', ')},
         sum(queue_ms) AS queue_ms, sum(queue_n) AS queue_n,
         sum(response_ms) AS response_ms, sum(response_n) AS response_n,
         sum(extract(epoch FROM last_activity - opened_at) * 1000) FILTER (WHERE engaged) AS duration_ms,
         count(*) FILTER (WHERE engaged) AS duration_n,
         sum(extract(epoch FROM first_reply - first_assigned) * 1000) FILTER (WHERE first_reply IS NOT NULL AND first_assigned IS NOT NULL) AS first_ms,
         count(*) FILTER (WHERE first_reply IS NOT NULL AND first_assigned IS NOT NULL) AS first_n,
         sum(answers) AS answers,
         ${Array.from({ length: CONFIDENCE_BUCKETS }, (_, i) => `sum(confidence_buckets[${i + 1}]) AS b${i}`).join(', ')}
       FROM analytics_conversation_rollup
       WHERE ${rollupConditions(f, p)}`,
      p.values,
    );
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
      `SELECT reason, count(*) AS n FROM analytics_conversation_rollup, unnest(escalation_reasons) AS reason
       WHERE ${rollupConditions(f, p)} AND cardinality(escalation_reasons) > 0
       GROUP BY reason ORDER BY count(*) DESC, reason`,
      p.values,
    );
    return Object.fromEntries(rows.map((r) => [r.reason, n(r.n)]));
  }

  async topUnanswered(f: AnalyticsFilter, opts: { limit: number }) {
    const p = new Params();
    const { rows } = await this.db.pool.query(
      `SELECT question, count(*) AS n FROM analytics_conversation_rollup, unnest(unanswered) AS question
       WHERE ${rollupConditions(f, p)} AND cardinality(unanswered) > 0
       GROUP BY question ORDER BY count(*) DESC, question LIMIT ${p.add(opts.limit)}`,
      p.values,
    );
    return rows.map((r) => ({ question: r.question as string, count: n(r.n) }));
  }

  agentCounts(f: AnalyticsFilter, now: Date) {
    return agentCounts(this.db, f, now);
  }

  async timeseries(f: AnalyticsFilter, interval: Interval, timeZone: string): Promise<TimeseriesCounts[]> {
    const p = new Params();
    const where = rollupConditions(f, p);
    const unit = p.add(interval);
    const tz = p.add(timeZone);
    const from = p.add(f.from);
    const to = p.add(f.to);
    // Buckets are local times in `timeZone` (a day in Shanghai starts at 16:00 UTC), generated as
    // timestamps without zone and turned back into instants, so empty buckets appear too.
    const { rows } = await this.db.pool
      .query(
        `WITH b AS (
           SELECT date_trunc(${unit}, opened_at AT TIME ZONE ${tz}) AS bucket,
             count(*) AS conversations, count(*) FILTER (WHERE first_assigned IS NOT NULL) AS handled,
             sum(cardinality(escalation_reasons)) AS escalations, sum(answers) AS answers,
             sum(confidence_sum) AS confidence_sum, sum(confidence_n) AS confidence_n,
             sum(${[1, 2, 3, 4, 5].map((s) => `rating_counts[${s}]`).join(' + ')}) AS ratings, sum(score_sum) AS score_sum
           FROM analytics_conversation_rollup
           WHERE ${where}
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
