import { render } from 'preact';
import '../shared/base.css';
import './admin.css';
import { LangProvider } from '../shared/i18n.js';
import { TopBar } from '../shared/topbar.js';

// Placeholder while the page is rebuilt from the recovered bundle.
render(
  <LangProvider>
    <TopBar current="/admin/" />
  </LangProvider>,
  document.getElementById('app')!,
);
