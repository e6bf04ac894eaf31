import { useState } from 'preact/hooks';
import { useT } from '../shared/i18n.js';
import { widgetStrings } from './strings.js';

/** CSAT after an agent resolved the conversation: 1–5 stars and an optional comment, once. */
export function RatingCard(props: { rated: boolean; onRate: (score: number, comment: string) => Promise<void> }) {
  const { t } = useT(widgetStrings);
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  if (props.rated) return <div class="rating-card done">{t('rateThanks')}</div>;
  return (
    <form class="rating-card" onSubmit={(e) => { e.preventDefault(); props.onRate(score, comment).catch((err: Error) => setError(err.message)); }}>
      <strong>{t('rateTitle')}</strong>
      <div class="stars" role="radiogroup" aria-label={t('rateTitle')}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button type="button" role="radio" aria-checked={score === n} aria-label={t('star', { n })} class={n <= score ? 'on' : ''} onClick={() => setScore(n)}>★</button>
        ))}
      </div>
      <textarea rows={2} value={comment} placeholder={t('rateComment')} onInput={(e) => setComment(e.currentTarget.value)} />
      <button type="submit" class="primary" disabled={!score}>{t('rateSubmit')}</button>
      {error && <div class="error">{error}</div>}
    </form>
  );
}
