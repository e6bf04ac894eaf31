import { useState } from 'preact/hooks';
import { useT } from '../shared/i18n.js';
import { BUSY, type ChatItem } from './chat-items.js';
import { CitationList, withMarkers } from './citation-list.js';
import { widgetStrings } from './strings.js';

export function MessageItem(props: { item: ChatItem }) {
  const { t } = useT(widgetStrings);
  const [open, setOpen] = useState<number | null>(null);
  const item = props.item;
  switch (item.kind) {
    case 'notice':
      return <div class="notice">{item.key ? t(item.key) : item.text}</div>;
    case 'user':
      return (
        <div class="bubble user" data-role="user">
          <div class="text">{item.text}</div>
          {item.relayed && <div class="meta">{t('relayed')}</div>}
          {item.failed && <div class="meta error">{item.failed === BUSY ? t('busy') : t('sendFailed', { message: item.failed })}</div>}
        </div>
      );
    case 'agent':
      return (
        <div class="bubble agent" data-role="agent">
          <div class="who">{t('agent')}</div>
          <div class="text">{item.text}</div>
        </div>
      );
    case 'bot':
      return (
        <div class="bubble bot" data-role="bot" aria-busy={item.streaming}>
          <div class="who">{t('bot')}</div>
          <div class="text">{item.text ? withMarkers(item.text, setOpen) : <span class="muted">{t('thinking')}</span>}</div>
          {!item.streaming && item.citations.length > 0 && <CitationList citations={item.citations} open={open} setOpen={setOpen} />}
        </div>
      );
  }
}
