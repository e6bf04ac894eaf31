import { render } from 'preact';
import '../shared/base.css';
import './admin.css';
import { LangProvider } from '../shared/i18n.js';
import { AdminApp } from './admin-app.js';

render(
  <LangProvider>
    <AdminApp />
  </LangProvider>,
  document.getElementById('app')!,
);
