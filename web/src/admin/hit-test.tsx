import { useState } from 'preact/hooks';
import { api } from '../shared/api-client.js';
import { useT } from '../shared/i18n.js';
import { adminStrings, labelKey } from './strings.js';
import type { SearchView } from './wire-types.js';

/** 命中测试: a question → the ranked chunks and FAQ entries, fused score and each channel's rank. */
export function HitTest(props: { kb: string }) {
  const { t } = useT(adminStrings);
  const [question, setQuestion] = useState('');
  const [topK, setTopK] = useState(8);
  const [include, setInclude] = useState({ chunk: true, faq: true });
  const [result, setResult] = useState<SearchView | null>(null);
  const [error, setError] = useState('');
  const run = async () => {
    setError('');
    try {
      const kinds = (Object.keys(include) as Array<keyof typeof include>).filter((k) => include[k]);
      setResult(await api<SearchView>('POST', `/v1/knowledge-bases/${encodeURIComponent(props.kb)}/search`, { query: question.trim(), topK, include: kinds }));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const channel = (c: string) => {
    const k = labelKey('channel', c);
    return k ? t(k) : c;
  };
  return (
    <section class="panel stack">
      <form class="row" onSubmit={(e) => { e.preventDefault(); if (question.trim()) void run(); }}>
        <input class="grow" value={question} placeholder={t('hitQuery')} aria-label={t('hitQuery')} onInput={(e) => setQuestion(e.currentTarget.value)} />
        <label>
          {t('hitTopK')} <input type="number" class="narrow" min={1} max={50} value={topK} onInput={(e) => setTopK(Number(e.currentTarget.value) || 8)} />
        </label>
        <span>{t('hitInclude')}</span>
        {(['chunk', 'faq'] as const).map((k) => (
          <label>
            <input type="checkbox" checked={include[k]} onChange={(e) => setInclude({ ...include, [k]: e.currentTarget.checked })} /> {t(k === 'chunk' ? 'kind_doc' : 'kind_faq')}
          </label>
        ))}
        <button type="submit" class="primary" disabled={!question.trim() || (!include.chunk && !include.faq)}>{t('hitRun')}</button>
      </form>
      {error && <p class="error">{error}</p>}
      {result && (
        <>
          <h2>{t('hitResults', { ms: Math.round(result.timings.totalMs) })}</h2>
          {result.hits.length === 0 ? (
            <p class="empty">{t('hitNone')}</p>
          ) : (
            <table data-testid="hits">
              <thead>
                <tr><th>{t('colRank')}</th><th>{t('colScore')}</th><th>{t('colChannels')}</th><th>{t('colContent')}</th></tr>
              </thead>
              <tbody>
                {result.hits.map((h, i) => (
                  <tr>
                    <td>{i + 1}</td>
                    <td class="num">{h.score.toFixed(4)}</td>
                    <td class="small nowrap">
                      {Object.entries(h.channels).map(([c, r]) => <div>{channel(c)} #{r.rank} · {r.score.toFixed(3)}</div>)}
                    </td>
                    <td>
                      <div class="muted small">
                        <span class="badge">{h.type === 'faq' ? t('kind_faq') : t('kind_doc')}</span> {h.sourcePath}
                        {h.type === 'chunk' && h.headingPath.length > 0 && ` › ${h.headingPath.join(' › ')}`}
                      </div>
                      {h.type === 'faq' ? (
                        <>
                          <strong>{h.question}</strong>
                          <div class="clip3">{h.answer}</div>
                        </>
                      ) : (
                        <div class="clip3">{h.content}</div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
