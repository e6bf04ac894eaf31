import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, query } from '../shared/api-client.js';
import { apiFilter, browserTimeZone, type Filters } from './filters.js';
import type { AgentReport, ConversationReport, TimeseriesReport } from './report-types.js';

export type ReportsState =
  | { kind: 'loading' }
  | { kind: 'unavailable' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; conversations: ConversationReport; agents: AgentReport; timeseries: TimeseriesReport };

/** The three reports for the filters; `reload` bumps to fetch again with the same filters. */
export function useReports(filters: Filters, reload: number): ReportsState {
  const [state, setState] = useState<ReportsState>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    const f = apiFilter(filters);
    // Keep showing the last figures while new ones load.
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    Promise.all([
      api<ConversationReport>('GET', `/v1/analytics/conversations${query(f)}`),
      api<AgentReport>('GET', `/v1/analytics/agents${query(f)}`),
      api<TimeseriesReport>('GET', `/v1/analytics/timeseries${query({ ...f, interval: filters.interval, tz: browserTimeZone() })}`),
    ]).then(
      ([conversations, agents, timeseries]) => current && setState({ kind: 'ready', conversations, agents, timeseries }),
      (err: Error) =>
        current &&
        setState(err instanceof ApiError && err.status === 404 && err.code === 'ROUTE_NOT_FOUND' ? { kind: 'unavailable' } : { kind: 'error', message: err.message }),
    );
    return () => {
      current = false;
    };
  }, [filters, reload]);
  return state;
}
