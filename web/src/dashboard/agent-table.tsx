import { formatDuration, formatNumber, formatPercent } from '../shared/formatting.js';
import { useT } from '../shared/i18n.js';
import type { AgentReport } from './report-types.js';
import { dashboardStrings } from './strings.js';

type Metrics = Omit<AgentReport['teams'][number], 'team'>;

/** data-metric names each figure, so a reader (or a test) need not count columns. */
function MetricCells(props: { m: Metrics }) {
  const { lang } = useT(dashboardStrings);
  const { m } = props;
  return (
    <>
      <td data-metric="idle">{formatDuration(m.idleSeconds, lang)}</td>
      <td data-metric="busy">{formatDuration(m.busySeconds, lang)}</td>
      <td class="num" data-metric="conversations">{formatNumber(m.conversations, lang)}</td>
      <td class="num" data-metric="transferred">{formatNumber(m.transferred, lang)}</td>
      <td class="num" data-metric="effective">{formatNumber(m.effective, lang)}</td>
      <td class="num" data-metric="unreplied">{formatNumber(m.unreplied, lang)}</td>
      <td class="num" data-metric="unreplied-rate">{formatPercent(m.unrepliedRate)}</td>
      <td data-metric="first-response">{formatDuration(m.avgFirstResponseSeconds, lang)}</td>
      <td data-metric="response">{formatDuration(m.avgResponseSeconds, lang)}</td>
      <td data-metric="duration">{formatDuration(m.avgDurationSeconds, lang)}</td>
      <td class="num" data-metric="satisfaction">{formatPercent(m.satisfactionRate)}</td>
    </>
  );
}

function MetricHeaders() {
  const { t } = useT(dashboardStrings);
  return (
    <>
      {(['colIdle', 'colBusy', 'colConversations', 'colTransferred', 'colEffective', 'colUnreplied', 'colUnrepliedRate', 'colFirstResponse', 'colResponse', 'colDuration', 'colSatisfaction'] as const).map((k) => (
        <th>{t(k)}</th>
      ))}
    </>
  );
}

/** 人工客服分析: per agent, then per team. */
export function AgentTable(props: { report: AgentReport }) {
  const { t } = useT(dashboardStrings);
  const { agents, teams } = props.report;
  return (
    <div class="table-scroll">
      <table data-testid="agent-table">
        <thead>
          <tr><th>{t('colAgent')}</th><th>{t('colTeam')}</th><MetricHeaders /></tr>
        </thead>
        <tbody>
          {agents.length === 0 && <tr><td colSpan={13} class="empty">{t('noData')}</td></tr>}
          {agents.map((a) => (
            <tr data-agent={a.agentId}><td data-metric="name">{a.name}</td><td>{a.team ?? '–'}</td><MetricCells m={a} /></tr>
          ))}
        </tbody>
      </table>
      {teams.length > 0 && (
        <>
          <h3>{t('teams')}</h3>
          <table>
            <thead><tr><th>{t('colTeam')}</th><MetricHeaders /></tr></thead>
            <tbody>
              {teams.map((m) => <tr><td>{m.team}</td><MetricCells m={m} /></tr>)}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
