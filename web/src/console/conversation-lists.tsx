import { formatDuration } from '../shared/formatting.js';
import { useT } from '../shared/i18n.js';
import { consoleStrings, labelKey } from './strings.js';
import type { Desk } from './use-desk.js';

/** Left column: my conversations (offered ones first, they time out) and the queue. */
export function ConversationLists(props: { desk: Desk }) {
  const { t, lang } = useT(consoleStrings);
  const { desk } = props;
  const reason = (r: string) => {
    const k = labelKey('reason', r);
    return k ? t(k) : r;
  };
  const mine = [...desk.mine].sort((a, b) => Number(!!a.acceptedAt) - Number(!!b.acceptedAt));
  return (
    <nav class="lists">
      <h2>{t('mine')} <span class="muted">{desk.mine.length}</span></h2>
      {desk.mine.length === 0 && <p class="muted small">{t('noMine')}</p>}
      <ul data-testid="my-conversations">
        {mine.map((h) => (
          <li>
            <button type="button" class="conv-item" aria-current={desk.selected === h.conversationId} onClick={() => desk.select(h.conversationId)}>
              <span class="row">
                <strong class="grow">{reason(h.reason)}</strong>
                {!h.acceptedAt && <span class="badge warn">{t('offered')}</span>}
                {(desk.unread[h.conversationId] ?? 0) > 0 && <span class="badge bad">{t('unread', { n: desk.unread[h.conversationId] })}</span>}
              </span>
              <span class="muted clip">{h.packet.history.filter((m) => m.role === 'user').at(-1)?.content}</span>
            </button>
          </li>
        ))}
      </ul>
      <h2>{t('queue')} <span class="muted">{desk.queue.length}</span></h2>
      {desk.queue.length === 0 && <p class="muted small">{t('noQueue')}</p>}
      <ul data-testid="queue">
        {desk.queue.map((q) => (
          <li>
            <button type="button" class="conv-item" aria-current={desk.selected === q.conversationId} onClick={() => desk.select(q.conversationId)}>
              <span class="row">
                <span class="badge">#{q.position}</span>
                <strong class="grow">{reason(q.reason)}</strong>
                {q.skill && <span class="badge accent">{q.skill}</span>}
              </span>
              <span class="muted small">{t('waiting', { time: formatDuration(q.waitingSeconds, lang) })}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
