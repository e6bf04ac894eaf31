import { useLang } from './i18n.js';

/** 中文 | EN, on every page. */
export function LangSwitch(props: { class?: string }) {
  const { lang, setLang } = useLang();
  return (
    <div class={`lang-switch ${props.class ?? ''}`} role="group" aria-label="Language / 语言">
      <button type="button" data-lang="zh" aria-pressed={lang === 'zh'} onClick={() => setLang('zh')}>中文</button>
      <button type="button" data-lang="en" aria-pressed={lang === 'en'} onClick={() => setLang('en')}>EN</button>
    </div>
  );
}
