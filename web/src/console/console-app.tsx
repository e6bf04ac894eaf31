import { useState } from 'preact/hooks';
import { useT } from '../shared/i18n.js';
import { TopBar } from '../shared/topbar.js';
import { AgentPicker } from './agent-picker.js';
import { ConversationLists } from './conversation-lists.js';
import { ConversationView } from './conversation-view.js';
import { HandoffPacket } from './handoff-packet.js';
import { StatusSwitch } from './status-switch.js';
import { consoleStrings } from './strings.js';
import { useDesk } from './use-desk.js';

const AGENT_KEY = 'kefu.agentId';

export function ConsoleApp() {
  const [agentId, setAgentId] = useState(() => localStorage.getItem(AGENT_KEY));
  const choose = (id: string | null) => {
    if (id) localStorage.setItem(AGENT_KEY, id);
    else localStorage.removeItem(AGENT_KEY);
    setAgentId(id);
  };
  if (!agentId) {
    return (
      <>
        <TopBar current="/console/" />
        <AgentPicker onChoose={choose} />
      </>
    );
  }
  // Keyed by agent: switching agents starts a fresh desk (streams, state).
  return <DeskView key={agentId} agentId={agentId} onSwitch={() => choose(null)} />;
}

function DeskView(props: { agentId: string; onSwitch: () => void }) {
  const { t } = useT(consoleStrings);
  const desk = useDesk(props.agentId);
  return (
    <>
      <TopBar current="/console/">
        {desk.agent && <strong data-testid="agent-name">{desk.agent.name}</strong>}
        {desk.agent && <StatusSwitch status={desk.agent.status} onChange={desk.setStatus} />}
        <button type="button" class="link" onClick={props.onSwitch}>{t('switchAgent')}</button>
      </TopBar>
      <main class="desk">
        <ConversationLists desk={desk} />
        <ConversationView desk={desk} />
        <aside class="packet-column">{desk.handoff && <HandoffPacket handoff={desk.handoff} />}</aside>
      </main>
      {desk.error && <div class="toast" role="alert" onClick={desk.clearError}>{desk.error}</div>}
    </>
  );
}
