import { useEffect, useState } from 'preact/hooks';
import { api } from '../shared/api-client.js';
import { commonStrings } from '../shared/common-strings.js';
import { useT } from '../shared/i18n.js';
import { alternativesOf, EMPTY_DRAFT, FaqDraftFields, type FaqDraftText } from './faq-draft-fields.js';
import { adminStrings } from './strings.js';
import type { DocumentView, FaqListView } from './wire-types.js';

/**
 * Edit the entries of one FAQ list. Every save re-ingests the list on the service and sends the
 * version it was made on, so a list changed meanwhile by someone else gives an error, not a loss.
 */
export function FaqEditor(props: { kb: string }) {
  const { t } = useT(adminStrings);
  const common = useT(commonStrings).t;
  const base = `/v1/knowledge-bases/${encodeURIComponent(props.kb)}`;
  const [lists, setLists] = useState<DocumentView[]>([]);
  const [listId, setListId] = useState<string | null>(null);
  const [list, setList] = useState<FaqListView | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [editDraft, setEditDraft] = useState<FaqDraftText>(EMPTY_DRAFT);
  const [newDraft, setNewDraft] = useState<FaqDraftText>(EMPTY_DRAFT);
  const [saved, setSaved] = useState('');
  const [error, setError] = useState('');

  const loadLists = async () => {
    const r = await api<{ items: DocumentView[] }>('GET', `${base}/documents?kind=faq&status=ready&limit=500`);
    setLists(r.items);
    setListId((current) => (current && r.items.some((d) => d.id === current) ? current : (r.items[0]?.id ?? null)));
  };
  useEffect(() => {
    loadLists().catch((err: Error) => setError(err.message));
  }, [props.kb]);
  useEffect(() => {
    setList(null);
    if (listId) api<FaqListView>('GET', `${base}/documents/${listId}`).then(setList, (err: Error) => setError(err.message));
  }, [listId]);

  /** Runs one edit, then shows the list as re-ingested. */
  const save = async (edit: () => Promise<{ document?: { id: string } }>) => {
    setError('');
    setSaved('');
    try {
      const r = await edit();
      setEditing(null);
      await loadLists();
      if (r.document) {
        setListId(r.document.id);
        setList(await api<FaqListView>('GET', `${base}/documents/${r.document.id}`));
      }
      setSaved(t('entryAdded'));
      return true;
    } catch (err) {
      setError((err as Error).message);
      return false;
    }
  };
  const version = list?.version;
  const entryUrl = (externalId: string) => `${base}/documents/${list!.id}/faq-entries/${encodeURIComponent(externalId)}`;

  return (
    <section class="panel stack faq-editor">
      <div class="row">
        <label>
          {t('faqList')}{' '}
          <select value={listId ?? ''} onChange={(e) => setListId(e.currentTarget.value)} data-testid="faq-list-select">
            {lists.map((d) => <option value={d.id}>{d.sourcePath} ({d.chunkCount})</option>)}
          </select>
        </label>
        {lists.length === 0 && <span class="muted">{t('noFaqLists')}</span>}
        <span class="grow" />
        {saved && <span class="badge ok">{saved}</span>}
      </div>
      {error && <p class="error">{error}</p>}
      <form
        class="faq-add stack"
        onSubmit={(e) => {
          e.preventDefault();
          const body = { ...(listId ? { documentId: listId, version } : {}), question: newDraft.question, answer: newDraft.answer, altQuestions: alternativesOf(newDraft.alternatives) };
          void save(() => api('POST', `${base}/faq/entries`, body)).then((ok) => ok && setNewDraft(EMPTY_DRAFT));
        }}
      >
        <h3>{t('addEntry')}</h3>
        <FaqDraftFields draft={newDraft} onChange={setNewDraft} />
        <button type="submit" class="primary" disabled={!newDraft.question.trim() || !newDraft.answer.trim()}>{t('addEntry')}</button>
      </form>
      {list && (
        <table data-testid="faq-entries">
          <thead>
            <tr><th>{t('colId')}</th><th>{t('colQuestion')}</th><th>{t('colAnswer')}</th><th>{t('colActions')}</th></tr>
          </thead>
          <tbody>
            {list.entries.map((entry) =>
              editing === entry.externalId ? (
                <tr>
                  <td class="small">{entry.externalId}</td>
                  <td colSpan={2}><FaqDraftFields draft={editDraft} onChange={setEditDraft} /></td>
                  <td class="stack">
                    <button
                      type="button"
                      class="primary"
                      onClick={() =>
                        void save(() => api('PATCH', entryUrl(entry.externalId), { question: editDraft.question, answer: editDraft.answer, altQuestions: alternativesOf(editDraft.alternatives), version }))
                      }
                    >
                      {common('save')}
                    </button>
                    <button type="button" onClick={() => setEditing(null)}>{common('cancel')}</button>
                  </td>
                </tr>
              ) : (
                <tr data-entry={entry.externalId}>
                  <td class="small">{entry.externalId}</td>
                  <td>
                    {entry.question}
                    {entry.altQuestions.length > 0 && <div class="muted small">{entry.altQuestions.join(' · ')}</div>}
                  </td>
                  <td class="clip3">{entry.answer}</td>
                  <td class="row nowrap">
                    <button
                      type="button"
                      onClick={() => {
                        setEditing(entry.externalId);
                        setEditDraft({ question: entry.question, answer: entry.answer, alternatives: entry.altQuestions.join('\n') });
                      }}
                    >
                      {common('edit')}
                    </button>
                    <button
                      type="button"
                      class="danger"
                      onClick={() => confirm(common('confirmDelete', { name: entry.question })) && void save(() => api('DELETE', `${entryUrl(entry.externalId)}?version=${version}`))}
                    >
                      {common('delete')}
                    </button>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
