import { createContext, type ComponentChildren } from 'preact';
import { useContext, useState } from 'preact/hooks';

/** The two languages every page speaks; the choice is remembered per browser. */
export type Lang = 'zh' | 'en';
export type Strings<K extends string> = Record<Lang, Record<K, string>>;

const STORAGE_KEY = 'kefu.lang';

/** A forced language (?lang=), else the stored choice, else the browser's. */
function initialLang(forced?: string | null): Lang {
  if (forced === 'zh' || forced === 'en') return forced;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'zh' || stored === 'en') return stored;
  } catch {
    // Storage can be blocked (third-party iframe in some browsers): fall through.
  }
  return (navigator.languages?.[0] ?? navigator.language ?? 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function applyLang(lang: Lang) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

/** "{name}" placeholders; an unknown one is left visible rather than silently dropped. */
export function format(template: string, vars?: Record<string, string | number>) {
  return vars ? template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : template;
}

const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({ lang: 'en', setLang: () => {} });

export function LangProvider(props: { forced?: string | null; children: ComponentChildren }) {
  const [lang, setState] = useState<Lang>(() => {
    const l = initialLang(props.forced);
    applyLang(l);
    return l;
  });
  const setLang = (l: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // Not remembered, still switched.
    }
    applyLang(l);
    setState(l);
  };
  return <LangContext.Provider value={{ lang, setLang }}>{props.children}</LangContext.Provider>;
}

/** `t(key, vars)` over a page's own string table. */
export function useT<K extends string>(strings: Strings<K>) {
  const { lang, setLang } = useContext(LangContext);
  return { t: (key: K, vars?: Record<string, string | number>) => format(strings[lang][key], vars), lang, setLang };
}

/** The current language and its setter, for components without strings of their own. */
export function useLang() {
  return useContext(LangContext);
}
