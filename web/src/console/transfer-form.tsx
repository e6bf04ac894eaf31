import { useEffect, useState } from 'preact/hooks';
import { api } from '../shared/api-client.js';
import { useT } from '../shared/i18n.js';
import { consoleStrings } from './strings.js';
import type { Desk } from './use-desk.js';
import type { AgentView } from './wire-types.js';

/** Transfer to a named agent or back to the queue for a skill group. */
export function TransferForm(props: { desk: Desk; onDone: () => void }) {
  const { t } = useT(consoleStrings);
  const [agents, setAgents] = useState<AgentView[]>([]);
  const [target, setTarget] = useState('');
  useEffect(() => {
    api<{ agents: AgentView[] }>('GET', '/v1/agents').then((r) => setAgents(r.agents.filter((a) => a.id !== props.desk.agent?.id)));
  }, []);
  const skills = [...new Set(agents.flatMap((a) => Object.keys(a.skills)))].sort();
  return (
    <form
      class="row transfer"
      onSubmit={(e) => {
        e.preventDefault();
        const [kind, value] = target.split(':');
        void props.desk.transfer(kind === 'agent' ? { toAgentId: value } : { skill: value }).then(props.onDone);
      }}
    >
      <label>
        {t('transferTo')}{' '}
        <select value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
          <option value="" />
          <optgroup label={t('transferAgent')}>
            {agents.map((a) => <option value={`agent:${a.id}`}>{a.name} ({t(`status_${a.status}`)})</option>)}
          </optgroup>
          <optgroup label={t('transferSkill')}>
            {skills.map((s) => <option value={`skill:${s}`}>{s}</option>)}
          </optgroup>
        </select>
      </label>
      <button type="submit" class="primary" disabled={!target}>{t('transferGo')}</button>
    </form>
  );
}
