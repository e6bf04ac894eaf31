import { useMemo, useState } from 'preact/hooks';
import { useT } from '../shared/i18n.js';
import { TopBar } from '../shared/topbar.js';
import { AgentTable } from './agent-table.js';
import { KpiGrid } from './kpi-grid.js';
import { confidenceOption, ratingsOption, reasonsOption, trendOption } from './chart-options.js';
import { EChart } from './echart.js';
import { FilterBar } from './filter-bar.js';
import { filtersFromUrl, filtersToUrl, type Filters } from './filters.js';
import { dashboardStrings, reasonKey } from './strings.js';
import { useReports, type ReportsState } from './use-reports.js';

export function DashboardApp() {
  const { t } = useT(dashboardStrings);
  const [filters, setFilters] = useState<Filters>(filtersFromUrl);
  const [reload, setReload] = useState(0);
  const state = useReports(filters, reload);
  return (
    <>
      <TopBar current="/dashboard/" />
      <main class="page dashboard">
        <FilterBar
          filters={filters}
          onApply={(f) => {
            filtersToUrl(f);
            setFilters(f);
            setReload((n) => n + 1);
          }}
        />
        {state.kind === 'loading' && <p class="muted">{t('loading')}</p>}
        {state.kind === 'unavailable' && <p class="panel" data-testid="analytics-unavailable">{t('unavailable')}</p>}
        {state.kind === 'error' && <p class="panel error">{state.message}</p>}
        {state.kind === 'ready' && <Reports state={state} />}
      </main>
    </>
  );
}

function Reports(props: { state: Extract<ReportsState, { kind: 'ready' }> }) {
  const { t, lang } = useT(dashboardStrings);
  const { conversations, agents, timeseries } = props.state;
  const reason = (r: string) => {
    const k = reasonKey(r);
    return k ? t(k) : r;
  };
  const options = useMemo(
    () => ({
      trend: trendOption(timeseries, lang, {
        conversations: t('seriesConversations'),
        handled: t('seriesHandled'),
        escalations: t('seriesEscalations'),
        answers: t('seriesAnswers'),
      }),
      ratings: ratingsOption(conversations, (n) => t('stars', { n })),
      reasons: reasonsOption(conversations, reason),
      confidence: confidenceOption(conversations, t('count')),
    }),
    [conversations, timeseries, lang],
  );
  return (
    <>
      <section class="stack" data-testid="conversation-report">
        <h2>{t('conversationsSection')}</h2>
        <KpiGrid report={conversations} />
      </section>
      <section class="panel">
        <h3>{t('trend')}</h3>
        <EChart option={options.trend} height={280} label={t('trend')} />
      </section>
      <div class="chart-grid">
        <section class="panel">
          <h3>{t('ratingDistribution')}</h3>
          <EChart option={options.ratings} label={t('ratingDistribution')} />
        </section>
        <section class="panel">
          <h3>{t('escalationReasons')}</h3>
          {Object.keys(conversations.bot.escalationsByReason).length ? (
            <EChart option={options.reasons} label={t('escalationReasons')} />
          ) : (
            <p class="empty">{t('noData')}</p>
          )}
        </section>
        <section class="panel">
          <h3>{t('confidence')}</h3>
          <EChart option={options.confidence} label={t('confidence')} />
        </section>
      </div>
      <section class="panel stack">
        <h2>{t('agentsSection')}</h2>
        <AgentTable report={agents} />
      </section>
      <section class="panel stack">
        <h2>{t('topUnanswered')}</h2>
        {conversations.bot.topUnanswered.length === 0 ? (
          <p class="empty">{t('noData')}</p>
        ) : (
          <table data-testid="top-unanswered">
            <thead><tr><th>{t('question')}</th><th>{t('times')}</th></tr></thead>
            <tbody>
              {conversations.bot.topUnanswered.map((q) => <tr><td>{q.question}</td><td class="num">{q.count}</td></tr>)}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
