import { useT } from '../shared/i18n.js';
import { widgetStrings } from './strings.js';

export interface QueuePlace {
  position: number | null;
  ahead: number | null;
}

/** While queued: how many are ahead (polled), and a way to stop waiting. */
export function QueueBanner(props: { place: QueuePlace | null; onStop: () => void }) {
  const { t } = useT(widgetStrings);
  const position = props.place?.position;
  const text = position ? (position === 1 ? t('queuedNext') : t('queuedAhead', { ahead: position - 1 })) : t('queuedWaiting');
  return (
    <div class="queue-banner" role="status" data-position={position ?? ''}>
      <span class="pulse" aria-hidden="true" />
      <span class="grow">{text}</span>
      <button type="button" class="link" onClick={props.onStop}>{t('cancelWait')}</button>
    </div>
  );
}
