import { useEffect, useState } from 'preact/hooks';
import { api, downloadFile, query } from '../shared/api-client.js';
import { useT } from '../shared/i18n.js';
import { apiFilter, browserTimeZone, type Filters } from './filters.js';
import { dashboardStrings } from './strings.js';

type Report = 'conversations' | 'agents' | 'timeseries';

/** Time range, channel, knowledge base, agent, skill, team, interval; CSV links for the same view. */
export function FilterBar(props: { filters: Filters; onApply: (f: Filters) => void }) {
  const { t, lang } = useT(dashboardStrings);
  const [draft, setDraft] = useState(props.filters);
  const [kbs, setKbs] = useState<Array<{ id: string; name: string }>>([]);
  const [agents, setAgents] = useState<Array<{ id: string; name: string }>>([]);
  useEffect(() => {
    api<{ items: Array<{ id: string; name: string }> }>('GET', '/v1/knowledge-bases').then((r) => setKbs(r.items), () => {});
    api<{ agents: Array<{ id: string; name: string }> }>('GET', '/v1/agents').then((r) => setAgents(r.agents), () => {});
  }, []);
  const set = (key: keyof Filters) => (e: { currentTarget: { value: string } }) => setDraft({ ...draft, [key]: e.currentTarget.value });
  // The export follows the applied filters, not the unsaved draft.
  const csv = (report: Report) =>
    `/v1/analytics/export.csv${query({
      report,
      lang,
      ...apiFilter(props.filters),
      ...(report === 'timeseries' ? { interval: props.filters.interval, tz: browserTimeZone() } : {}),
    })}`;
  const save = (report: Report) => (e: Event) => {
    e.preventDefault();
    void downloadFile(csv(report), `${report}.csv`).catch(() => {});
  };
  return (
    <form class="filters panel" onSubmit={(e) => { e.preventDefault(); props.onApply(draft); }}>
      <label>{t('from')} <input type="date" value={draft.from} onInput={set('from')} /></label>
      <label>{t('to')} <input type="date" value={draft.to} onInput={set('to')} /></label>
      <label>{t('channel')} <input value={draft.channel} placeholder={t('all')} size={8} onInput={set('channel')} /></label>
      <label>
        {t('knowledgeBase')}{' '}
        <select value={draft.knowledgeBaseId} onChange={set('knowledgeBaseId')}>
          <option value="">{t('all')}</option>
          {kbs.map((k) => <option value={k.id}>{k.name}</option>)}
        </select>
      </label>
      <label>
        {t('agent')}{' '}
        <select value={draft.agentId} onChange={set('agentId')}>
          <option value="">{t('all')}</option>
          {agents.map((a) => <option value={a.id}>{a.name}</option>)}
        </select>
      </label>
      <label>{t('skill')} <input value={draft.skill} placeholder={t('all')} size={8} onInput={set('skill')} /></label>
      <label>{t('team')} <input value={draft.team} placeholder={t('all')} size={8} onInput={set('team')} /></label>
      <label>
        {t('interval')}{' '}
        <select value={draft.interval} onChange={set('interval')}>
          <option value="day">{t('day')}</option>
          <option value="hour">{t('hour')}</option>
        </select>
      </label>
      <button type="submit" class="primary">{t('apply')}</button>
      <span class="grow" />
      <span class="muted">{t('export')}:</span>
      <a href={csv('conversations')} download onClick={save('conversations')} data-testid="export-conversations">{t('exportConversations')}</a>
      <a href={csv('agents')} download onClick={save('agents')}>{t('exportAgents')}</a>
      <a href={csv('timeseries')} download onClick={save('timeseries')}>{t('exportTimeseries')}</a>
    </form>
  );
}
