import type { ComponentChildren } from 'preact';
import { useT, type Strings } from './i18n.js';
import { LangSwitch } from './lang-switch.js';
import { SignOut } from './key-gate.js';

const strings: Strings<'product' | 'pageConsole' | 'pageAdmin' | 'pageDashboard'> = {
  zh: { product: '智能客服', pageConsole: '坐席工作台', pageAdmin: '内容管理', pageDashboard: '数据看板' },
  en: { product: 'Kefu', pageConsole: 'Agent console', pageAdmin: 'Content admin', pageDashboard: 'Dashboard' },
};

const pages = [
  { path: '/console/', key: 'pageConsole' },
  { path: '/admin/', key: 'pageAdmin' },
  { path: '/dashboard/', key: 'pageDashboard' },
] as const;

/** The staff pages' header: product, page links, page-specific controls, language. */
export function TopBar(props: { current: string; children?: ComponentChildren }) {
  const { t } = useT(strings);
  return (
    <header class="topbar">
      <strong>{t('product')}</strong>
      <nav>
        {pages.map((p) => (
          <a href={p.path} aria-current={p.path === props.current ? 'page' : undefined}>{t(p.key)}</a>
        ))}
      </nav>
      <div class="grow row topbar-end">
        {props.children}
        <SignOut />
        <LangSwitch />
      </div>
    </header>
  );
}
