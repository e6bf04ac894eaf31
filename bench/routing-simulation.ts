import { DEFAULT_ROUTING, planAssignments, type QueueItem, type RoutingAgent, type RoutingSettings } from '../src/domain/routing.js';
import { SeededRandom } from './seeded-random.js';

/**
 * A discrete-time simulation of a contact centre: one seeded arrival trace replayed against
 * one pool of agents under different routers. Our router is `planAssignments` from
 * src/domain/routing.ts, the function the service runs.
 */

export const SKILLS = ['orders', 'logistics', 'refund', 'billing', 'technical', 'complaint', 'account'] as const;
// Demand mix: order and logistics questions dominate, account security is rare.
const SKILL_WEIGHTS = [0.24, 0.2, 0.16, 0.12, 0.14, 0.08, 0.06];

export interface Arrival extends QueueItem {
  /** Minutes an agent at level 3 needs for it. */
  work: number;
}

export interface SimAgent {
  id: string;
  skills: Record<string, number>;
  languages: string[];
  maxConcurrent: number;
}

export interface TraceOptions {
  seed: number;
  hours: number;
  /** Arrivals per minute outside bursts. */
  baseRate: number;
  /** Bursts (a promotion, an outage): start minute, length, rate multiplier. */
  bursts: Array<{ at: number; minutes: number; factor: number }>;
}

export const DEFAULT_TRACE: TraceOptions = {
  seed: 20260302,
  hours: 8,
  baseRate: 3.4,
  bursts: [
    { at: 90, minutes: 25, factor: 2.2 },
    { at: 300, minutes: 40, factor: 1.8 },
  ],
};

const MINUTE = 60_000;

function weightedPick<T>(rng: SeededRandom, items: readonly T[], weights: readonly number[]): T {
  let r = rng.next() * weights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < items.length; i++) if ((r -= weights[i]!) <= 0) return items[i]!;
  return items[items.length - 1]!;
}

/** Poisson arrivals minute by minute (bursts multiply the rate), each with a skill, language, urgency and amount of work. */
export function arrivalTrace(o: TraceOptions = DEFAULT_TRACE): Arrival[] {
  const rng = new SeededRandom(o.seed);
  const out: Arrival[] = [];
  for (let minute = 0; minute < o.hours * 60; minute++) {
    const burst = o.bursts.find((b) => minute >= b.at && minute < b.at + b.minutes);
    const rate = o.baseRate * (burst?.factor ?? 1);
    // Knuth's Poisson sampler: fine for rates of a few per minute.
    let n = 0;
    for (let p = rng.next(), l = Math.exp(-rate); p > l; p *= rng.next()) n++;
    for (let i = 0; i < n; i++) {
      const skill = weightedPick(rng, SKILLS, SKILL_WEIGHTS);
      out.push({
        id: `c${out.length}`,
        skill,
        language: rng.chance(0.8) ? 'zh' : 'en',
        urgency: Math.round(rng.next() ** 2 * 100) / 100,
        queuedAt: (minute + rng.next()) * MINUTE,
        // Right-skewed handling times around 7 minutes.
        work: 2 + -Math.log(1 - rng.next()) * 5,
      });
    }
  }
  return out.sort((a, b) => a.queuedAt - b.queuedAt);
}

/** 16 agents: each with a main skill (level 4–5) and one or two side skills (2–3), mostly Chinese-speaking, 2–4 chats at once. */
export function agentPool(seed = 7): SimAgent[] {
  const rng = new SeededRandom(seed);
  const mains = ['orders', 'orders', 'orders', 'logistics', 'logistics', 'logistics', 'refund', 'refund', 'billing', 'billing', 'technical', 'technical', 'complaint', 'account', 'orders', 'technical'];
  return mains.map((main, i) => {
    const skills: Record<string, number> = { [main]: rng.int(4, 5) };
    const sides = rng.int(1, 2);
    for (let k = 0; k < sides; k++) {
      const s = rng.pick(SKILLS.filter((x) => !(x in skills)));
      skills[s] = rng.int(2, 3);
    }
    const languages = i % 4 === 3 ? ['zh', 'en'] : i === 14 ? ['en'] : i % 5 === 0 ? ['zh', 'en'] : ['zh'];
    return { id: `a${i}`, skills, languages, maxConcurrent: rng.int(2, 4) };
  });
}

/**
 * How long a conversation keeps an agent's slot: faster at a higher skill level, much slower
 * without the skill (the agent looks things up, asks a colleague, or transfers).
 */
export function handlingMinutes(work: number, level: number, mismatchFactor = 1.7): number {
  return level === 0 ? work * mismatchFactor : work * (1.3 - 0.1 * level);
}

export type Router = (queue: Arrival[], agents: RoutingAgent[], now: number) => Array<{ itemId: string; agentId: string }>;

export function skillRouter(settings: RoutingSettings = DEFAULT_ROUTING): Router {
  return (queue, agents, now) => planAssignments(queue, agents, now, settings);
}

const speaks = (a: RoutingAgent, language: string | null) => !language || !a.languages.length || a.languages.includes(language);

/** First come, first served; the next agent in turn who speaks the language and has room. Skills ignored. */
export function roundRobinRouter(): Router {
  let turn = 0;
  return (queue, agents) => {
    const load = new Map(agents.map((a) => [a.id, a.active]));
    const plan: Array<{ itemId: string; agentId: string }> = [];
    for (const item of [...queue].sort((a, b) => a.queuedAt - b.queuedAt)) {
      for (let k = 0; k < agents.length; k++) {
        const a = agents[(turn + k) % agents.length]!;
        if (!speaks(a, item.language) || load.get(a.id)! >= a.maxConcurrent) continue;
        load.set(a.id, load.get(a.id)! + 1);
        plan.push({ itemId: item.id, agentId: a.id });
        turn = (turn + k + 1) % agents.length;
        break;
      }
    }
    return plan;
  };
}

/** First come, first served to a random agent who speaks the language and has room. */
export function randomRouter(seed = 99): Router {
  const rng = new SeededRandom(seed);
  return (queue, agents) => {
    const load = new Map(agents.map((a) => [a.id, a.active]));
    const plan: Array<{ itemId: string; agentId: string }> = [];
    for (const item of [...queue].sort((a, b) => a.queuedAt - b.queuedAt)) {
      const free = agents.filter((a) => speaks(a, item.language) && load.get(a.id)! < a.maxConcurrent);
      if (!free.length) continue;
      const a = rng.pick(free);
      load.set(a.id, load.get(a.id)! + 1);
      plan.push({ itemId: item.id, agentId: a.id });
    }
    return plan;
  };
}

export interface SimResult {
  served: number;
  unserved: number;
  waitsMin: number[];
  mismatches: number;
  /** Per agent: slot-minutes used / slot-minutes available over the trace. */
  utilisation: number[];
  meanHandlingMin: number;
}

/** Replays the trace in 1-second steps: completions free slots, arrivals join the queue, the router runs. */
export function simulate(trace: readonly Arrival[], pool: readonly SimAgent[], route: Router, opts: { stepMs?: number; mismatchFactor?: number } = {}): SimResult {
  const stepMs = opts.stepMs ?? 1000;
  const agents: RoutingAgent[] = pool.map((a) => ({ ...a, active: 0, online: true, lastAssignedAt: null }));
  const byId = new Map(agents.map((a) => [a.id, a]));
  const busyMinutes = new Map(pool.map((a) => [a.id, 0]));
  const running: Array<{ agentId: string; endsAt: number }> = [];
  const queue: Arrival[] = [];
  const waits: number[] = [];
  let mismatches = 0;
  let handling = 0;
  let next = 0;
  const end = (trace.at(-1)?.queuedAt ?? 0) + 4 * 60 * MINUTE; // time to drain the queue
  const horizon = trace.at(-1)?.queuedAt ?? 1;
  for (let now = 0; now <= end && (next < trace.length || queue.length || running.length); now += stepMs) {
    for (let i = running.length - 1; i >= 0; i--)
      if (running[i]!.endsAt <= now) {
        byId.get(running[i]!.agentId)!.active--;
        running.splice(i, 1);
      }
    while (next < trace.length && trace[next]!.queuedAt <= now) queue.push(trace[next++]!);
    if (!queue.length) continue;
    for (const step of route(queue, agents, now)) {
      const idx = queue.findIndex((q) => q.id === step.itemId);
      const item = queue[idx]!;
      const agent = byId.get(step.agentId)!;
      if (agent.active >= agent.maxConcurrent) throw new Error(`router over-assigned ${agent.id}`);
      queue.splice(idx, 1);
      agent.active++;
      agent.lastAssignedAt = now;
      const level = item.skill ? (agent.skills[item.skill] ?? 0) : 3;
      if (level === 0) mismatches++;
      const minutes = handlingMinutes(item.work, level, opts.mismatchFactor);
      handling += minutes;
      waits.push((now - item.queuedAt) / MINUTE);
      running.push({ agentId: agent.id, endsAt: now + minutes * MINUTE });
      // Utilisation counts the part of the work inside the trace window.
      const inWindow = Math.max(0, Math.min(now + minutes * MINUTE, horizon) - now) / MINUTE;
      busyMinutes.set(agent.id, busyMinutes.get(agent.id)! + inWindow);
    }
  }
  return {
    served: waits.length,
    unserved: queue.length + (trace.length - next),
    waitsMin: waits,
    mismatches,
    utilisation: pool.map((a) => busyMinutes.get(a.id)! / ((a.maxConcurrent * horizon) / MINUTE)),
    meanHandlingMin: handling / (waits.length || 1),
  };
}
