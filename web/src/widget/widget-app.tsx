import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../shared/i18n.js';
import { LangSwitch } from '../shared/lang-switch.js';
import { Composer } from './composer.js';
import { MessageItem } from './message-item.js';
import { QueueBanner } from './queue-banner.js';
import { RatingCard } from './rating-card.js';
import { SelfService } from './self-service.js';
import { widgetStrings } from './strings.js';
import { useConversation } from './use-conversation.js';

/**
 * The chat window. Embedded (in the loader's iframe) it tells the host page to close it and how
 * many agent replies arrived while it was hidden; the loader checks the message's origin.
 */
export function WidgetApp(props: { kb: string; embedded: boolean }) {
  const { t } = useT(widgetStrings);
  const unread = useRef(0);
  const chat = useConversation(props.kb, () => {
    if (props.embedded) window.parent.postMessage({ type: 'kefu:unread', count: ++unread.current }, '*');
  });
  const body = useRef<HTMLDivElement>(null);

  useEffect(() => {
    body.current?.scrollTo({ top: body.current.scrollHeight });
  }, [chat.items, chat.status, chat.rated]);
  useEffect(() => {
    const reset = () => (unread.current = 0);
    window.addEventListener('focus', reset);
    return () => window.removeEventListener('focus', reset);
  }, []);

  const withPeople = chat.status === 'queued' || chat.status === 'assigned';
  return (
    <div class="widget">
      <header class="widget-header">
        <h1>{t('title')}</h1>
        <div class="row">
          <LangSwitch />
          {props.embedded && (
            <button type="button" class="icon" aria-label={t('close')} onClick={() => window.parent.postMessage({ type: 'kefu:close' }, '*')}>✕</button>
          )}
        </div>
      </header>
      <div class="widget-body" ref={body}>
        {chat.items.length === 0 ? <SelfService kb={props.kb} /> : chat.items.map((item) => <MessageItem key={item.id} item={item} />)}
        {chat.status === 'resolved' && <RatingCard rated={chat.rated} onRate={chat.rate} />}
      </div>
      {chat.status === 'queued' && <QueueBanner place={chat.queue} onStop={chat.stopWaiting} />}
      <footer class="widget-footer">
        {!withPeople && <button type="button" class="handoff-button" onClick={chat.askForPerson}>{t('talkToPerson')}</button>}
        <Composer sending={chat.sending} onSend={chat.send} />
      </footer>
    </div>
  );
}
