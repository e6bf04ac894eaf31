import { useEffect, useState } from 'preact/hooks';
import { api } from '../shared/api-client.js';
import { useT } from '../shared/i18n.js';
import { widgetStrings } from './strings.js';

interface FaqItem {
  id: string;
  question: string;
  answer: string;
}

// Search as the customer types, but not on every keystroke.
const SEARCH_DEBOUNCE_MS = 250;

/** Before the first message: popular questions and a search over the FAQ, answers inline. */
export function SelfService(props: { kb: string }) {
  const { t, lang } = useT(widgetStrings);
  const kb = encodeURIComponent(props.kb);
  const [popular, setPopular] = useState<FaqItem[]>([]);
  const [search, setSearch] = useState('');
  const [hits, setHits] = useState<FaqItem[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  useEffect(() => {
    api<{ items: FaqItem[] }>('GET', `/v1/knowledge-bases/${kb}/faq/popular?limit=6&language=${lang}`)
      .then((r) => setPopular(r.items))
      .catch(() => setPopular([]));
  }, [kb, lang]);

  useEffect(() => {
    if (!search.trim()) {
      setHits(null);
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => {
      api<{ hits: FaqItem[] }>('POST', `/v1/knowledge-bases/${kb}/search`, { query: search.trim(), include: ['faq'], topK: 5 }, { signal: abort.signal })
        .then((r) => setHits(r.hits))
        .catch(() => {});
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [search, kb]);

  const items = hits ?? popular;
  return (
    <section class="self-service">
      <p class="greeting">{t('greeting')}</p>
      <input type="search" value={search} placeholder={t('searchPlaceholder')} aria-label={t('searchPlaceholder')} onInput={(e) => setSearch(e.currentTarget.value)} />
      {!hits && popular.length > 0 && <h2>{t('popular')}</h2>}
      {hits && hits.length === 0 && <p class="muted">{t('noMatches')}</p>}
      <ul class="faq-list">
        {items.map((f) => (
          <li key={f.id}>
            <button type="button" class="faq-question" aria-expanded={open === f.id} onClick={() => setOpen(open === f.id ? null : f.id)}>{f.question}</button>
            {open === f.id && <div class="faq-answer">{f.answer}</div>}
          </li>
        ))}
      </ul>
    </section>
  );
}
