import { useEffect, useState } from 'preact/hooks';
import { api } from '../shared/api-client.js';
import { useT } from '../shared/i18n.js';
import { consoleStrings } from './strings.js';
import type { AgentView } from './wire-types.js';

/** No login yet: the agent says who they are (or creates themselves); the choice is remembered. */
export function AgentPicker(props: { onChoose: (agentId: string) => void }) {
  const { t } = useT(consoleStrings);
  const [agents, setAgents] = useState<AgentView[]>([]);
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ agents: AgentView[] }>('GET', '/v1/agents').then((r) => setAgents(r.agents), (err: Error) => setError(err.message));
  }, []);
  const create = async () => {
    try {
      const a = await api<AgentView>('POST', '/v1/agents', { name: name.trim(), languages: ['zh', 'en'] });
      props.onChoose(a.id);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div class="page">
      <section class="panel picker stack">
        <h1>{t('chooseAgent')}</h1>
        <p class="muted">{t('chooseAgentHint')}</p>
        <ul class="agent-list">
          {agents.map((a) => (
            <li>
              <button type="button" onClick={() => props.onChoose(a.id)}>
                {a.name} <span class="muted">· {t(`status_${a.status}`)}</span>
              </button>
            </li>
          ))}
        </ul>
        <form class="row" onSubmit={(e) => { e.preventDefault(); if (name.trim()) void create(); }}>
          <input value={name} placeholder={t('newAgentName')} aria-label={t('newAgentName')} onInput={(e) => setName(e.currentTarget.value)} />
          <button type="submit" class="primary" disabled={!name.trim()}>{t('create')}</button>
        </form>
        {error && <p class="error">{error}</p>}
      </section>
    </div>
  );
}
