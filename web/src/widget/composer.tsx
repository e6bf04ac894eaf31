import { useState } from 'preact/hooks';
import { useT } from '../shared/i18n.js';
import { widgetStrings } from './strings.js';

/** The text box: Enter sends, Shift+Enter is a new line, and IME composition is left alone. */
export function Composer(props: { sending: boolean; onSend: (text: string) => void }) {
  const { t } = useT(widgetStrings);
  const [text, setText] = useState('');
  const submit = () => {
    if (!text.trim() || props.sending) return;
    props.onSend(text);
    setText('');
  };
  return (
    <form class="composer" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <textarea
        rows={1}
        value={text}
        placeholder={t('inputPlaceholder')}
        aria-label={t('inputPlaceholder')}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit" class="primary" disabled={!text.trim() || props.sending}>{t('send')}</button>
    </form>
  );
}
