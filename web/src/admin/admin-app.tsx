import { useEffect, useState } from 'preact/hooks';
import { api } from '../shared/api-client.js';
import { useT } from '../shared/i18n.js';
import { TopBar } from '../shared/topbar.js';
import { DocumentsTab } from './documents-tab.js';
import { FaqEditor } from './faq-editor.js';
import { HitTest } from './hit-test.js';
import { KbSidebar } from './kb-sidebar.js';
import { adminStrings, type AdminKey } from './strings.js';
import type { KnowledgeBaseView } from './wire-types.js';

type Tab = 'documents' | 'hit-test' | 'faq';
const TABS: Array<[Tab, AdminKey]> = [['documents', 'tabDocuments'], ['hit-test', 'tabHitTest'], ['faq', 'tabFaq']];

/** ?kb=&tab= so a view can be linked to. */
function viewFromUrl(): { kb: string | null; tab: Tab } {
  const q = new URLSearchParams(location.search);
  const tab = q.get('tab');
  return { kb: q.get('kb'), tab: tab === 'hit-test' || tab === 'faq' ? tab : 'documents' };
}

export function AdminApp() {
  const { t } = useT(adminStrings);
  const [kbs, setKbs] = useState<KnowledgeBaseView[]>([]);
  const [view, setViewState] = useState(viewFromUrl);
  const loadKbs = () => api<{ items: KnowledgeBaseView[] }>('GET', '/v1/knowledge-bases').then((r) => setKbs(r.items));
  useEffect(() => {
    void loadKbs();
  }, []);
  const setView = (v: { kb: string | null; tab: Tab }) => {
    setViewState(v);
    history.replaceState(null, '', `?${new URLSearchParams({ ...(v.kb ? { kb: v.kb } : {}), tab: v.tab })}`);
  };
  const kb = kbs.find((k) => k.name === view.kb || k.id === view.kb) ?? kbs[0];
  return (
    <>
      <TopBar current="/admin/" />
      <div class="admin">
        <KbSidebar kbs={kbs} current={kb?.name} onSelect={(name) => setView({ ...view, kb: name })} onChanged={loadKbs} />
        {kb && (
          <main class="page">
            <div class="row">
              <h1 class="grow">{kb.name}</h1>
              <div class="tabs" role="tablist">
                {TABS.map(([tab, label]) => (
                  <button type="button" role="tab" aria-selected={view.tab === tab} onClick={() => setView({ kb: kb.name, tab })}>{t(label)}</button>
                ))}
              </div>
            </div>
            {view.tab === 'documents' && <DocumentsTab key={kb.name} kb={kb.name} />}
            {view.tab === 'hit-test' && <HitTest key={kb.name} kb={kb.name} />}
            {view.tab === 'faq' && <FaqEditor key={kb.name} kb={kb.name} />}
          </main>
        )}
      </div>
    </>
  );
}
