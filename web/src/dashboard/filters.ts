/** The dashboard's filters, kept in the URL so a view can be bookmarked and shared. */
export interface Filters {
  from: string; // yyyy-mm-dd, local
  to: string; // yyyy-mm-dd, local, inclusive
  channel: string;
  knowledgeBaseId: string;
  agentId: string;
  skill: string;
  team: string;
  interval: 'hour' | 'day';
}

const DAY_MS = 86_400_000;
const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** From the URL, defaulting to the last 7 days, daily. */
export function filtersFromUrl(): Filters {
  const q = new URLSearchParams(location.search);
  const now = new Date();
  return {
    from: q.get('from') ?? ymd(new Date(now.getTime() - 6 * DAY_MS)),
    to: q.get('to') ?? ymd(now),
    channel: q.get('channel') ?? '',
    knowledgeBaseId: q.get('knowledgeBaseId') ?? '',
    agentId: q.get('agentId') ?? '',
    skill: q.get('skill') ?? '',
    team: q.get('team') ?? '',
    interval: q.get('interval') === 'hour' ? 'hour' : 'day',
  };
}

export function filtersToUrl(f: Filters) {
  const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
  history.replaceState(null, '', `?${q}`);
}

/** The API's filter: local days become instants, `to` exclusive (the end of the chosen day). */
export function apiFilter(f: Filters) {
  const from = new Date(`${f.from}T00:00:00`);
  const to = new Date(new Date(`${f.to}T00:00:00`).getTime() + DAY_MS);
  return {
    from: Number.isNaN(from.getTime()) ? undefined : from.toISOString(),
    to: Number.isNaN(to.getTime()) ? undefined : to.toISOString(),
    channel: f.channel,
    knowledgeBaseId: f.knowledgeBaseId,
    agentId: f.agentId,
    skill: f.skill,
    team: f.team,
  };
}

/** Buckets in the manager's own time zone. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
