import { useState } from 'preact/hooks';
import { useT } from '../shared/i18n.js';
import { adminStrings, labelKey } from './strings.js';
import { uploadWithProgress } from './upload-with-progress.js';
import type { UploadItem } from './wire-types.js';

/** Drop or choose files; progress while uploading, then each file's outcome. */
export function UploadPanel(props: { kb: string; onUploaded: () => void }) {
  const { t } = useT(adminStrings);
  const [percent, setPercent] = useState<number | null>(null);
  const [force, setForce] = useState(false);
  const [results, setResults] = useState<UploadItem[]>([]);
  const [error, setError] = useState('');
  const [over, setOver] = useState(false);

  const upload = async (files: File[]) => {
    if (!files.length) return;
    setError('');
    setResults([]);
    setPercent(0);
    try {
      const r = await uploadWithProgress(`/v1/knowledge-bases/${encodeURIComponent(props.kb)}/documents${force ? '?force=true' : ''}`, files, setPercent);
      const items = r.body.items as UploadItem[] | undefined;
      setResults(items ?? []);
      if (!items && r.body.error) setError((r.body.error as { message: string }).message);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPercent(null);
      props.onUploaded();
    }
  };

  return (
    <section class="panel stack">
      <h2>{t('upload')}</h2>
      <label
        class={`dropzone ${over ? 'over' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => { e.preventDefault(); setOver(false); void upload([...(e.dataTransfer?.files ?? [])]); }}
      >
        <input type="file" multiple data-testid="upload-input" onChange={(e) => void upload([...(e.currentTarget.files ?? [])])} />
        <span class="muted">{t('uploadHint')}</span>
      </label>
      <label class="row small">
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.currentTarget.checked)} /> {t('forceReingest')}
      </label>
      {percent !== null && (
        <div class="progress" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
          <div class="bar" style={{ width: `${percent}%` }} />
          <span>{percent < 100 ? t('uploading', { percent }) : t('processing')}</span>
        </div>
      )}
      {results.length > 0 && (
        <ul class="upload-results">
          {results.map((r) => {
            const k = labelKey('outcome', r.outcome);
            return (
              <li>
                <span class={`badge ${r.outcome === 'failed' ? 'bad' : 'ok'}`}>{k ? t(k) : r.outcome}</span> {r.document?.sourcePath ?? r.sourcePath}
                {r.error && <span class="error"> — {r.error.message}</span>}
              </li>
            );
          })}
        </ul>
      )}
      {error && <p class="error">{error}</p>}
    </section>
  );
}
