import { formatPercent } from '../shared/formatting.js';
import { useT } from '../shared/i18n.js';
import { consoleStrings, labelKey } from './strings.js';
import type { HandoffView } from './wire-types.js';

const emoji: Record<string, string> = { angry: '😠', anxious: '😟', sad: '😢', surprised: '😮', neutral: '😐', happy: '🙂' };

/** Right column: what the agent needs before the first reply — why, how urgent, what the bot tried. */
export function HandoffPacket(props: { handoff: HandoffView }) {
  const { t } = useT(consoleStrings);
  const p = props.handoff.packet;
  const label = (prefix: string, value: string | null) => {
    const k = labelKey(prefix, value);
    return k ? t(k) : (value ?? t('none'));
  };
  const contact = Object.entries(p.contact ?? {}).filter(([, v]) => v != null && v !== '');
  return (
    <div class="packet stack" data-testid="handoff-packet">
      <h2>{t('packet')}</h2>
      <dl class="facts">
        <dt>{t('reason')}</dt>
        <dd data-testid="packet-reason">{label('reason', p.reason)}</dd>
        <dt>{t('urgency')}</dt>
        <dd><meter min={0} max={1} low={0.4} high={0.7} optimum={0} value={p.urgency} /> {p.urgency.toFixed(2)}</dd>
        <dt>{t('skill')}</dt>
        <dd>{p.skill ?? t('none')}</dd>
        <dt>{t('language')}</dt>
        <dd>{p.language ?? t('none')}</dd>
        {contact.length > 0 && (
          <>
            <dt>{t('contact')}</dt>
            <dd>{contact.map(([k, v]) => `${k}: ${String(v)}`).join(' · ')}</dd>
          </>
        )}
      </dl>
      <h3>{t('summary')}</h3>
      <p class="summary">{p.summary}</p>
      {p.sentimentTrajectory.length > 0 && (
        <>
          <h3>{t('sentiment')}</h3>
          <ol class="trajectory">
            {p.sentimentTrajectory.map((s) => (
              <li class={`emotion ${s.emotion}`} title={`${s.sentiment} ${s.sentimentScore.toFixed(2)}`}>{emoji[s.emotion] ?? ''} {label('emotion', s.emotion)}</li>
            ))}
          </ol>
        </>
      )}
      {p.attempts.length > 0 && (
        <>
          <h3>{t('attempts')}</h3>
          <ol class="attempts">
            {p.attempts.map((a) => (
              <li>
                <div class="row">
                  <strong class="grow clip">{a.question}</strong>
                  <span class="badge">{label('kind', a.kind)}</span>
                  {a.confidence !== null && <span class="badge">{t('confidence', { value: formatPercent(a.confidence) })}</span>}
                </div>
                <div class="muted clip3">{a.answer}</div>
                {a.passages.map((s) => (
                  <details class="passage">
                    <summary>{s.title ?? s.sourcePath} <span class="muted">{s.score.toFixed(3)}</span></summary>
                    <blockquote>{s.snippet}</blockquote>
                  </details>
                ))}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
