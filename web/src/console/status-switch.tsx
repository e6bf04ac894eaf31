import type { AgentStatus } from '../../../src/domain/agents.js';
import { useT } from '../shared/i18n.js';
import { consoleStrings } from './strings.js';

const statuses: AgentStatus[] = ['online', 'busy', 'away', 'offline'];

/** 示闲 / 示忙 / 离开 / 离线: only "online" receives new conversations. */
export function StatusSwitch(props: { status: AgentStatus; onChange: (s: AgentStatus) => void }) {
  const { t } = useT(consoleStrings);
  return (
    <div class="status-switch" role="radiogroup">
      {statuses.map((s) => (
        <button type="button" role="radio" data-status={s} aria-checked={props.status === s} onClick={() => props.status !== s && props.onChange(s)}>
          {t(`status_${s}`)}
        </button>
      ))}
    </div>
  );
}
