import {
  CONFIDENCE_BUCKETS,
  type AnalyticsFilter,
  type ConversationCounts,
  type Interval,
  type TimeseriesCounts,
} from '../../domain/analytics.js';
import { InvalidInput } from '../../domain/errors.js';
import type { AnalyticsStore } from '../../ports/analytics-store.js';
import { cohortConditions, Params } from './analytics-filter-sql.js';
import type { Database } from './database.js';
import { agentCounts } from './pg-agent-analytics.js';

const n = (x: unknown) => (x === null || x === undefined ? 0 : Number(x));

// Bot answers the customer saw; the canned "connecting you to a person" reply is not an answer.
const ANSWER = `type = 'bot_answer' AND kind <> 'handoff'`;
// real → numeric first: 0.7::real is 0.69999999 and would fall into the 0.6 bucket.
const BUCKET = `LEAST(floor(confidence::numeric * ${CONFIDENCE_BUCKETS}), ${CONFIDENCE_BUCKETS - 1})`;
const bucketColumns = Array.from({ length: CONFIDENCE_BUCKETS }, (_, i) => `count(*) FILTER (WHERE ${ANSWER} AND ${BUCKET} = ${i}) AS b${i}`).join(',\n      ');

/**
 * One row per conversation of the cohort with what the reports need from it. Grouping by
 * conversation first is what makes "handled by humans", "effective" and durations countable
 * per conversation rather than per event.
 */
const PER_CONVERSATION = `
      min(at) FILTER (WHERE type = 'conversation_opened') AS opened,
      bool_or(type IN ('customer_message', 'escalated')) AS engaged,
      count(*) FILTER (WHERE type = 'escalated') AS escalations,
      min(at) FILTER (WHERE type = 'assigned') AS first_assigned,
      min(at) FILTER (WHERE type = 'agent_reply') AS first_reply,
      bool_or(type = 'customer_message' AND agent_id IS NOT NULL) AS customer_with_agent,
      max(at) FILTER (WHERE type <> 'rated') AS last_activity,
      count(*) FILTER (WHERE type = 'rated') AS ratings`;

export class PgAnalyticsStore implements AnalyticsStore {
  constructor(private readonly db: Database) {}

  async conversationCounts(f: AnalyticsFilter): Promise<ConversationCounts> {
    const p = new Params();
    const { rows } = await this.db.pool.query(
      `WITH c AS (
         SELECT conversation_id, ${PER_CONVERSATION},
           ${[1, 2, 3, 4, 5].map((s) => `count(*) FILTER (WHERE type = 'rated' AND score = ${s}) AS r${s}`).join(', ')},
           sum(duration_ms) FILTER (WHERE type = 'assigned') AS queue_ms, count(duration_ms) FILTER (WHERE type = 'assigned') AS queue_n,
           sum(duration_ms) FILTER (WHERE type = 'agent_reply') AS response_ms, count(duration_ms) FILTER (WHERE type = 'agent_reply') AS response_n,
           count(*) FILTER (WHERE ${ANSWER}) AS answers,
           ${bucketColumns}
         FROM analytics_events
         WHERE ${cohortConditions(f, p)}
         GROUP BY conversation_id
         HAVING bool_or(type = 'conversation_opened')
       )
       SELECT count(*) AS conversations,
         count(*) FILTER (WHERE first_assigned IS NOT NULL) AS handled,
         count(*) FILTER (WHERE first_reply IS NOT NULL AND customer_with_agent) AS effective,
         count(*) FILTER (WHERE engaged) AS engaged,
         count(*) FILTER (WHERE engaged AND escalations > 0) AS escalated,
         ${[1, 2, 3, 4, 5].map((s) => `sum(r${s}) AS r${s}`).join(', ')},
         sum(queue_ms) AS queue_ms, sum(queue_n) AS queue_n,
         sum(response_ms) AS response_ms, sum(response_n) AS response_n,
         sum(extract(epoch FROM last_activity - opened) * 1000) FILTER (WHERE engaged) AS duration_ms,
         count(*) FILTER (WHERE engaged) AS duration_n,
         sum(extract(epoch FROM first_reply - first_assigned) * 1000) FILTER (WHERE first_reply IS NOT NULL AND first_assigned IS NOT NULL) AS first_ms,
         count(*) FILTER (WHERE first_reply IS NOT NULL AND first_assigned IS NOT NULL) AS first_n,
         sum(answers) AS answers,
         ${Array.from({ length: CONFIDENCE_BUCKETS }, (_, i) => `sum(b${i}) AS b${i}`).join(', ')}
       FROM c`,
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
      `SELECT reason, count(*) AS n FROM analytics_events
       WHERE type = 'escalated' AND ${cohortConditions(f, p)}
       GROUP BY reason ORDER BY count(*) DESC, reason`,
      p.values,
    );
    return Object.fromEntries(rows.map((r) => [r.reason ?? 'unknown', n(r.n)]));
  }

  async topUnanswered(f: AnalyticsFilter, opts: { below: number; limit: number }) {
    const p = new Params();
    const where = cohortConditions(f, p);
    const { rows } = await this.db.pool.query(
      `SELECT question, count(*) AS n FROM analytics_events
       WHERE type = 'bot_answer' AND ${where}
         AND (kind = 'no_answer' OR (kind IN ('answer', 'faq') AND confidence < ${p.add(opts.below)}))
         AND question <> ''
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
    const where = cohortConditions(f, p);
    const unit = p.add(interval);
    const tz = p.add(timeZone);
    const from = p.add(f.from);
    const to = p.add(f.to);
    // Buckets are local times in `timeZone` (a day in Shanghai starts at 16:00 UTC), generated as
    // timestamps without zone and turned back into instants, so empty buckets appear too.
    const { rows } = await this.db.pool
      .query(
      `WITH c AS (
         SELECT conversation_id, min(opened_at) AS opened_at,
           bool_or(type = 'assigned') AS human,
           count(*) FILTER (WHERE type = 'escalated') AS escalations,
           count(*) FILTER (WHERE ${ANSWER}) AS answers,
           sum(confidence::numeric) FILTER (WHERE ${ANSWER}) AS confidence_sum,
           count(confidence) FILTER (WHERE ${ANSWER}) AS confidence_n,
           count(*) FILTER (WHERE type = 'rated') AS ratings,
           sum(score) FILTER (WHERE type = 'rated') AS score_sum
         FROM analytics_events
         WHERE ${where}
         GROUP BY conversation_id
         HAVING bool_or(type = 'conversation_opened')
       ), b AS (
         SELECT date_trunc(${unit}, opened_at AT TIME ZONE ${tz}) AS bucket,
           count(*) AS conversations, count(*) FILTER (WHERE human) AS handled, sum(escalations) AS escalations, sum(answers) AS answers,
           sum(confidence_sum) AS confidence_sum, sum(confidence_n) AS confidence_n, sum(ratings) AS ratings, sum(score_sum) AS score_sum
         FROM c GROUP BY 1
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
