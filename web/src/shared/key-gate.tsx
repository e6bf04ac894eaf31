import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { apiKey, forgetApiKey, saveApiKey, UNAUTHENTICATED_EVENT } from './api-key.js';
import { useT, type Strings } from './i18n.js';

const strings: Strings<'title' | 'hint' | 'key' | 'signIn' | 'rejected' | 'signOut'> = {
  zh: {
    title: '登录',
    hint: '请输入 API 密钥（管理员、内容、坐席或分析角色）。首次运行时，本地管理员密钥保存在 data/admin-key。',
    key: 'API 密钥',
    signIn: '登录',
    rejected: '该密钥无效或已被吊销。',
    signOut: '退出',
  },
  en: {
    title: 'Sign in',
    hint: 'Enter an API key (admin, content, agent or analyst role). On first run the local admin key is saved in data/admin-key.',
    key: 'API key',
    signIn: 'Sign in',
    rejected: 'That key is unknown or revoked.',
    signOut: 'Sign out',
  },
};

/**
 * The staff pages' sign-in: the page runs as is (with authentication off it never asks); the
 * first 401 from the API shows this form, and a key entered here is kept for the next visits.
 */
export function KeyGate(props: { children: ComponentChildren }) {
  const { t } = useT(strings);
  // Without a stored key, /readyz says whether the service wants one before any call is made.
  const [state, setState] = useState<'checking' | 'open' | 'asked'>(apiKey() === null ? 'checking' : 'open');
  const [draft, setDraft] = useState('');
  useEffect(() => {
    const ask = () => setState('asked');
    window.addEventListener(UNAUTHENTICATED_EVENT, ask);
    if (state === 'checking')
      fetch('/readyz')
        .then((r) => r.json() as Promise<{ auth?: string }>)
        .then((r) => setState(r.auth === 'off' ? 'open' : 'asked'), () => setState('open'));
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, ask);
  }, []);
  if (state === 'checking') return null;
  if (state === 'open') return <>{props.children}</>;
  const hadKey = apiKey() !== null;
  return (
    <main class="key-gate">
      <form
        class="panel"
        data-testid="key-gate"
        onSubmit={(e) => {
          e.preventDefault();
          saveApiKey(draft);
          location.reload();
        }}
      >
        <h1>{t('title')}</h1>
        <p class="muted">{t('hint')}</p>
        {hadKey && <p class="error">{t('rejected')}</p>}
        <label>
          {t('key')} <input type="password" name="api-key" autocomplete="current-password" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} required />
        </label>
        <button type="submit" class="primary">{t('signIn')}</button>
      </form>
    </main>
  );
}

/** In the top bar while a key is stored. */
export function SignOut() {
  const { t } = useT(strings);
  if (apiKey() === null) return null;
  return (
    <button type="button" onClick={() => { forgetApiKey(); location.reload(); }}>
      {t('signOut')}
    </button>
  );
}
