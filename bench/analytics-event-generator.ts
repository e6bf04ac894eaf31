import { randomUUID } from 'node:crypto';
import { normalizeQuestion } from '../src/domain/analytics-events.js';
import { SeededRandom } from './seeded-random.js';
import { PRODUCT_FAMILIES } from './shop-vocabulary.js';

/**
 * A seeded history of a shop's customer service, as the analytics event log records it
 * (migrations/007): conversations with bot turns, some handed to agents (queue waits, replies,
 * transfers, resolutions, ratings), and the agents' status changes through their shifts. The
 * columns are filled the way the stores fill them (opening time, knowledge base, channel, team
 * and skill copied onto each row; waits measured when written), one day at a time in time order.
 */

export const COLUMNS = [
  'type', 'at', 'conversation_id', 'opened_at', 'kb_id', 'channel', 'agent_id', 'team', 'handoff_id', 'skill',
  'reason', 'kind', 'status', 'from_status', 'confidence', 'score', 'duration_ms', 'question',
] as const;
export const COLUMN_TYPES = ['text', 'timestamptz', 'uuid', 'timestamptz', 'uuid', 'text', 'uuid', 'text', 'uuid', 'text', 'text', 'text', 'text', 'text', 'real', 'smallint', 'bigint', 'text'];

export type EventRow = Record<(typeof COLUMNS)[number], unknown> & { at: Date };

export interface BenchAgent {
  id: string;
  name: string;
  team: string;
  skills: string[];
}

export const TEAMS = ['售后一组', '售后二组', '售前组', '物流组', 'English', 'VIP'];
const SKILLS = ['general', 'orders', 'logistics', 'refund', 'billing', 'technical', 'complaint', 'account'];
export const CHANNELS = ['web', 'app', 'wechat', 'api'];
const CHANNEL_WEIGHTS = [0.5, 0.25, 0.2, 0.05];
const REASONS = ['customer_request', 'low_confidence', 'repeated_failure', 'negative_emotion', 'sensitive_intent'];
// Conversations per hour of day (local), a shop's two daytime peaks and an evening one.
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 4, 6, 7, 7, 5, 6, 7, 7, 6, 5, 5, 6, 7, 6, 4, 2];
const SCORE_WEIGHTS = [0.05, 0.05, 0.1, 0.3, 0.5];

function weighted(rng: SeededRandom, weights: number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  let r = rng.next() * total;
  for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) <= 0) return i;
  return weights.length - 1;
}

export function benchAgents(rng: SeededRandom, count: number): BenchAgent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    name: `客服${String(i + 1).padStart(3, '0')}`,
    team: TEAMS[i % TEAMS.length]!,
    skills: rng.shuffle([...SKILLS]).slice(0, rng.int(1, 3)),
  }));
}

function questionPool(rng: SeededRandom): string[] {
  const asks = ['多少钱', '怎么退货', '退款多久到账', '发货时间', '保修多久', '怎么安装', '支持7天无理由吗', '发票怎么开', '能用优惠券吗', '快递到哪了'];
  const out: string[] = [];
  for (const f of PRODUCT_FAMILIES)
    for (let n = 1; n <= 30; n++) {
      const code = `${f.prefix}-${['X', 'S', 'M', 'A'][n % 4]}${10 + n}`;
      out.push(`${code} ${rng.pick(asks)}`, `${code} ${rng.pick(f.faultsZh)}怎么办`, `${f.zh}${rng.pick(f.featuresZh)}怎么设置`);
    }
  return rng.shuffle(out).map(normalizeQuestion);
}

export class AnalyticsEventGenerator {
  private readonly rng: SeededRandom;
  private readonly questions: string[];
  private readonly lastStatusAt = new Map<string, number>();
  readonly kbs = [randomUUID(), randomUUID(), randomUUID()];

  private readonly bySkill = new Map<string, BenchAgent[]>();

  constructor(readonly agents: BenchAgent[], seed: number) {
    for (const a of agents) for (const sk of a.skills) this.bySkill.set(sk, [...(this.bySkill.get(sk) ?? []), a]);
    this.rng = new SeededRandom(seed);
    this.questions = questionPool(this.rng.fork(1));
  }

  /** One day's events (conversations opened that day, their follow-ups, the agents' shifts), sorted by time. */
  day(dayStart: Date, conversations: number, opts: { shifts?: boolean } = {}): EventRow[] {
    const rows: EventRow[] = [];
    if (opts.shifts !== false) for (const a of this.agents) this.shift(rows, a, dayStart);
    for (let i = 0; i < conversations; i++) {
      const hour = weighted(this.rng, HOUR_WEIGHTS);
      this.conversation(rows, new Date(dayStart.getTime() + (hour * 3600 + this.rng.int(0, 3599)) * 1000));
    }
    return rows.sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  private shift(rows: EventRow[], a: BenchAgent, dayStart: Date) {
    if (this.rng.chance(0.2)) return; // a day off: no status change
    let t = dayStart.getTime() + this.rng.int(7 * 3600, 10 * 3600) * 1000;
    const end = t + this.rng.int(7 * 3600, 9 * 3600) * 1000;
    let from: string | null = 'offline';
    let since = this.lastStatusAt.get(a.id) ?? dayStart.getTime();
    const set = (status: string) => {
      rows.push(this.row({ type: 'agent_status', at: new Date(t), agent_id: a.id, team: a.team, status, from_status: from, duration_ms: t - since }));
      from = status;
      since = t;
    };
    set('online');
    while (t < end - 3600_000) {
      t += this.rng.int(40, 150) * 60_000;
      set(this.rng.chance(0.7) ? 'busy' : 'away');
      t += this.rng.int(5, 40) * 60_000;
      set('online');
    }
    t = Math.max(end, t + 5 * 60_000);
    set('offline');
    this.lastStatusAt.set(a.id, t);
  }

  private row(r: Partial<EventRow> & { type: string; at: Date }): EventRow {
    return Object.fromEntries(COLUMNS.map((c) => [c, r[c] ?? null])) as EventRow;
  }

  private conversation(rows: EventRow[], opened: Date) {
    const rng = this.rng;
    const c = { conversation_id: randomUUID(), opened_at: opened, kb_id: rng.pick(this.kbs), channel: CHANNELS[weighted(rng, CHANNEL_WEIGHTS)] };
    let t = opened.getTime();
    const push = (r: Partial<EventRow> & { type: string }) => rows.push(this.row({ ...c, ...r, at: new Date(t) }));
    push({ type: 'conversation_opened' });
    let weak = 0;
    for (let i = rng.int(0, 4); i > 0; i--) {
      t += rng.int(5, 90) * 1000;
      push({ type: 'customer_message' });
      t += rng.int(1, 8) * 1000;
      const confidence = Math.round(Math.min(1, Math.max(0, rng.next() ** 0.6)) * 100) / 100;
      const kind = confidence < 0.2 ? 'no_answer' : rng.chance(0.3) ? 'faq' : rng.chance(0.08) ? 'clarification' : 'answer';
      if (confidence < 0.4) weak++;
      push({ type: 'bot_answer', kind, confidence, question: rng.zipf(this.questions, 0.9) });
    }
    if (!rng.chance(0.12 + 0.2 * weak)) return;

    const handoff = { handoff_id: randomUUID(), skill: rng.chance(0.6) ? rng.pick(SKILLS) : null };
    t += rng.int(1, 30) * 1000;
    const reason = REASONS[weighted(rng, [5, 3, 1, 1, 0.5])];
    push({ type: 'escalated', ...handoff, reason });
    push({ type: 'queued', ...handoff, reason });
    if (!rng.chance(0.88)) {
      t += rng.int(30, 600) * 1000;
      push({ type: 'returned_to_bot', ...handoff, reason: 'customer_cancelled' });
      return;
    }
    const wait = Math.round(-Math.log(1 - rng.next()) * 90_000);
    t += wait;
    let agent = this.agentFor(handoff.skill);
    const as = (a: BenchAgent) => ({ ...handoff, agent_id: a.id, team: a.team });
    push({ type: 'assigned', ...as(agent), reason: 'dispatch', duration_ms: wait });
    let assignedAt = t;
    const silent = rng.chance(0.06);
    const talk = (turns: number) => {
      for (let j = 0; j < turns; j++) {
        t += rng.int(10, 120) * 1000;
        const asked = t;
        push({ type: 'customer_message', ...as(agent) });
        if (silent) continue;
        t += rng.int(5, 90) * 1000;
        push({ type: 'agent_reply', ...as(agent), duration_ms: t - Math.max(asked, assignedAt) });
      }
    };
    talk(rng.int(1, 6));
    if (rng.chance(0.08)) {
      t += 30_000;
      push({ type: 'transferred', ...as(agent), reason: 'transfer', duration_ms: t - assignedAt });
      agent = this.agentFor(null, agent.id);
      push({ type: 'assigned', ...as(agent), reason: 'transfer' });
      assignedAt = t;
      talk(rng.int(1, 3));
    }
    t += rng.int(10, 120) * 1000;
    push({ type: 'resolved', ...as(agent), reason: 'resolved', duration_ms: t - assignedAt });
    if (rng.chance(0.5)) {
      t += rng.int(10, 300) * 1000;
      push({ type: 'rated', ...as(agent), score: weighted(rng, SCORE_WEIGHTS) + 1 });
    }
  }

  private agentFor(skill: string | null, not?: string): BenchAgent {
    const able = (skill && this.bySkill.get(skill)?.length ? this.bySkill.get(skill)! : this.agents);
    for (;;) {
      const a = this.rng.pick(able);
      if (a.id !== not || able.length === 1) return a;
    }
  }
}
