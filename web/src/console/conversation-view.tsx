import { useEffect, useRef, useState } from 'preact/hooks';
import { formatTime } from '../shared/formatting.js';
import { useT } from '../shared/i18n.js';
import { consoleStrings } from './strings.js';
import { TransferForm } from './transfer-form.js';
import type { Desk } from './use-desk.js';

/** Middle column: the full history, the actions that fit the handoff's state, and the reply box. */
export function ConversationView(props: { desk: Desk }) {
  const { t, lang } = useT(consoleStrings);
  const { desk } = props;
  const [reply, setReply] = useState('');
  const [transferring, setTransferring] = useState(false);
  const history = useRef<HTMLOListElement>(null);
  const c = desk.conversation;
  useEffect(() => {
    history.current?.scrollTo({ top: history.current.scrollHeight });
  }, [c?.messages.length]);
  useEffect(() => setTransferring(false), [desk.selected]);

  if (!desk.selected) return <section class="conversation empty">{t('pickConversation')}</section>;
  if (!c) return <section class="conversation empty">…</section>;
  const h = desk.handoff;
  const mine = h?.status === 'assigned' && h.agentId === desk.agent?.id;
  const offered = mine && !h?.acceptedAt;
  const canClaim = h?.status === 'queued' || offered;
  const send = () => {
    if (!reply.trim()) return;
    void desk.reply(reply.trim());
    setReply('');
  };
  return (
    <section class="conversation">
      <header class="row conv-header">
        <h2 class="grow">{t('history')} <span class="muted small">{c.id.slice(0, 8)}</span></h2>
        {canClaim && <button type="button" class="primary" onClick={() => void desk.claim(c.id)}>{t(offered ? 'accept' : 'claim')}</button>}
        {mine && (
          <>
            <button type="button" onClick={() => setTransferring(!transferring)}>{t('transfer')}</button>
            <button type="button" onClick={() => void desk.resolve(true)}>{t('resolveToBot')}</button>
            <button type="button" class="primary" onClick={() => void desk.resolve(false)}>{t('resolve')}</button>
          </>
        )}
      </header>
      {transferring && <TransferForm desk={desk} onDone={() => setTransferring(false)} />}
      <ol class="history" ref={history} data-testid="history">
        {c.messages.filter((m) => m.content).map((m) => (
          <li class={`msg ${m.role}`} data-role={m.role}>
            <span class="who">{t(`role_${m.role}`)} · {formatTime(m.createdAt, lang)}</span>
            <div class="text">{m.content}</div>
          </li>
        ))}
      </ol>
      {c.status === 'resolved' && <p class="notice-line">{t('resolvedDone')}</p>}
      {mine ? (
        <form class="reply" onSubmit={(e) => { e.preventDefault(); send(); }}>
          <textarea
            rows={3}
            value={reply}
            placeholder={t('replyPlaceholder')}
            aria-label={t('replyPlaceholder')}
            onInput={(e) => setReply(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                e.preventDefault();
                send();
              }
            }}
          />
          <button type="submit" class="primary" disabled={!reply.trim()}>{t('send')}</button>
        </form>
      ) : (
        c.status !== 'resolved' && <p class="notice-line">{t('notMine')}</p>
      )}
    </section>
  );
}
