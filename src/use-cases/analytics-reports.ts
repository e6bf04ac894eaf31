import {
  agentFigures,
  checkRange,
  conversationReport,
  emptyAgentCounts,
  timeseriesPoint,
  TOP_UNANSWERED,
  type AnalyticsFilter,
  type Interval,
} from '../domain/analytics.js';
import type { AgentRepository } from '../ports/agent-repository.js';
import type { AnalyticsStore } from '../ports/analytics-store.js';
import type { Clock } from '../ports/clock.js';

/** A request's filters before defaults: the range is optional (the last 7 days up to now). */
export type AnalyticsQuery = Omit<AnalyticsFilter, 'from' | 'to'> & { from?: Date; to?: Date };

const DEFAULT_DAYS = 7;

/**
 * The dashboard's three reports over the analytics store. Rates and averages come from the
 * domain; this adds the default range, the agents' names and teams, and agents with no activity
 * (an agent who was offline all week still belongs in the table).
 */
export function createAnalyticsReports(deps: {
  store: AnalyticsStore;
  agents: Pick<AgentRepository, 'list'>;
  clock: Clock;
}) {
  function filterOf(q: AnalyticsQuery, interval?: Interval): AnalyticsFilter {
    const to = q.to ?? deps.clock.now();
    const from = q.from ?? new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
    checkRange(from, to, interval);
    return { ...q, from, to };
  }
  const range = (f: AnalyticsFilter) => ({ from: f.from.toISOString(), to: f.to.toISOString() });

  return {
    async conversations(q: AnalyticsQuery) {
      const f = filterOf(q);
      await deps.store.refresh();
      const [counts, reasons, unanswered] = await Promise.all([
        deps.store.conversationCounts(f),
        deps.store.escalationsByReason(f),
        deps.store.topUnanswered(f, { limit: TOP_UNANSWERED }),
      ]);
      return { range: range(f), ...conversationReport(counts, reasons, unanswered) };
    },

    async agents(q: AnalyticsQuery) {
      const f = filterOf(q);
      await deps.store.refresh();
      const [counts, roster] = await Promise.all([deps.store.agentCounts(f, deps.clock.now()), deps.agents.list()]);
      const byId = new Map(roster.map((a) => [a.id, a]));
      const ids = new Set(counts.agents.keys());
      for (const a of roster) if ((!f.agentId || a.id === f.agentId) && (!f.team || a.team === f.team)) ids.add(a.id);
      const teamNames = new Set(counts.teams.keys());
      for (const id of ids) {
        const team = byId.get(id)?.team;
        if (team && (!f.team || team === f.team)) teamNames.add(team);
      }
      const busiestFirst = <T extends { conversations: number }>(key: (x: T) => string) => (a: T, b: T) =>
        b.conversations - a.conversations || key(a).localeCompare(key(b));
      const agents = [...ids]
        .map((agentId) => {
          const agent = byId.get(agentId);
          // A deleted agent keeps their history; only the name is gone.
          return { agentId, name: agent?.name ?? agentId.slice(0, 8), team: agent?.team ?? null, ...agentFigures(counts.agents.get(agentId) ?? emptyAgentCounts()) };
        })
        .sort(busiestFirst((x) => x.name));
      const teams = [...teamNames]
        .map((team) => ({ team, ...agentFigures(counts.teams.get(team) ?? emptyAgentCounts()) }))
        .sort(busiestFirst((x) => x.team));
      return { range: range(f), agents, teams };
    },

    async timeseries(q: AnalyticsQuery, interval: Interval, timeZone: string) {
      const f = filterOf(q, interval);
      await deps.store.refresh();
      const points = await deps.store.timeseries(f, interval, timeZone);
      return { range: range(f), interval, timeZone, points: points.map(timeseriesPoint) };
    },
  };
}

export type AnalyticsReports = ReturnType<typeof createAnalyticsReports>;
