import { useEffect, useState } from 'preact/hooks';
import { api } from '../shared/api-client.js';
import { commonStrings } from '../shared/common-strings.js';
import { formatBytes, formatDateTime } from '../shared/formatting.js';
import { useT } from '../shared/i18n.js';
import { adminStrings, labelKey } from './strings.js';
import { UploadPanel } from './upload-panel.js';
import type { DocumentView } from './wire-types.js';

const STATUS_BADGE: Record<string, string> = { ready: 'ok', processing: 'warn', failed: 'bad' };

/** Upload, then the document list with status, re-ingest and delete. */
export function DocumentsTab(props: { kb: string }) {
  const { t, lang } = useT(adminStrings);
  const common = useT(commonStrings).t;
  const [docs, setDocs] = useState<DocumentView[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState('');
  const base = `/v1/knowledge-bases/${encodeURIComponent(props.kb)}/documents`;
  const load = () => api<{ items: DocumentView[] }>('GET', `${base}?limit=500`).then((r) => setDocs(r.items), (err: Error) => setError(err.message));
  useEffect(() => {
    void load();
  }, [props.kb]);

  const act = async (doc: DocumentView, action: 'reingest' | 'delete') => {
    if (action === 'delete' && !confirm(common('confirmDelete', { name: doc.sourcePath }))) return;
    setBusy(doc.id);
    setError('');
    try {
      await api(action === 'delete' ? 'DELETE' : 'POST', action === 'delete' ? `${base}/${doc.id}` : `${base}/${doc.id}/reingest`);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
      await load();
    }
  };
  const label = (prefix: string, value: string) => {
    const k = labelKey(prefix, value);
    return k ? t(k) : value;
  };

  return (
    <>
      <UploadPanel kb={props.kb} onUploaded={() => void load()} />
      <section class="panel stack">
        <h2>{t('documents')} <span class="muted">{docs?.length ?? ''}</span></h2>
        {error && <p class="error">{error}</p>}
        {docs === null ? (
          <p class="muted">{t('loading')}</p>
        ) : docs.length === 0 ? (
          <p class="empty">{t('noDocuments')}</p>
        ) : (
          <table data-testid="documents">
            <thead>
              <tr>
                {(['colPath', 'colKind', 'colStatus', 'colChunks', 'colVersion', 'colUpdated', 'colActions'] as const).map((k) => <th>{t(k)}</th>)}
              </tr>
            </thead>
            <tbody>
              {docs.map((d) => (
                <tr data-path={d.sourcePath}>
                  <td>
                    {d.sourcePath}
                    <div class="muted small">{d.title ? `${d.title} · ` : ''}{formatBytes(d.sizeBytes)}</div>
                    {d.error && <div class="error small">{(d.error as { message?: string }).message}</div>}
                  </td>
                  <td>{label('kind', d.kind)}</td>
                  <td><span class={`badge ${STATUS_BADGE[d.status]}`}>{label('status', d.status)}</span></td>
                  <td>{d.chunkCount}</td>
                  <td>{d.version}</td>
                  <td class="nowrap">{formatDateTime(d.updatedAt, lang)}</td>
                  <td class="row nowrap">
                    <button type="button" disabled={busy === d.id} onClick={() => void act(d, 'reingest')}>{t('reingest')}</button>
                    <button type="button" class="danger" disabled={busy === d.id} onClick={() => void act(d, 'delete')}>{common('delete')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
