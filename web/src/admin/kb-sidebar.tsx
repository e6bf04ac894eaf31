import { useState } from 'preact/hooks';
import { api } from '../shared/api-client.js';
import { commonStrings } from '../shared/common-strings.js';
import { useT } from '../shared/i18n.js';
import { adminStrings } from './strings.js';
import type { KnowledgeBaseView } from './wire-types.js';

/** The knowledge bases: pick one, create one, delete one. */
export function KbSidebar(props: { kbs: KnowledgeBaseView[]; current?: string; onSelect: (name: string) => void; onChanged: () => Promise<unknown> }) {
  const { t } = useT(adminStrings);
  const common = useT(commonStrings).t;
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState('');
  const create = async () => {
    try {
      const kb = await api<KnowledgeBaseView>('POST', '/v1/knowledge-bases', { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) });
      setName('');
      setDescription('');
      await props.onChanged();
      props.onSelect(kb.name);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const remove = async (kb: KnowledgeBaseView) => {
    if (!confirm(common('confirmDelete', { name: kb.name }))) return;
    await api('DELETE', `/v1/knowledge-bases/${encodeURIComponent(kb.id)}`);
    await props.onChanged();
  };
  return (
    <aside class="kb-sidebar stack">
      <h2>{t('knowledgeBases')}</h2>
      <ul>
        {props.kbs.map((kb) => (
          <li class="row">
            <button type="button" class="grow kb-item" aria-current={kb.name === props.current} onClick={() => props.onSelect(kb.name)}>
              <strong>{kb.name}</strong>
              {kb.description && <span class="muted small">{kb.description}</span>}
            </button>
            <button type="button" class="danger icon" title={t('deleteKb')} aria-label={t('deleteKb')} onClick={() => void remove(kb).catch((err: Error) => setError(err.message))}>✕</button>
          </li>
        ))}
      </ul>
      <form class="stack" onSubmit={(e) => { e.preventDefault(); if (name.trim()) void create(); }}>
        <h3>{t('newKb')}</h3>
        <input value={name} placeholder={t('kbName')} aria-label={t('kbName')} onInput={(e) => setName(e.currentTarget.value)} />
        <input value={description} placeholder={t('kbDescription')} aria-label={t('kbDescription')} onInput={(e) => setDescription(e.currentTarget.value)} />
        <button type="submit" class="primary" disabled={!name.trim()}>{t('create')}</button>
        {error && <p class="error">{error}</p>}
      </form>
    </aside>
  );
}
