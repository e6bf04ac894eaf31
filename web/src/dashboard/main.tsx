import { render } from 'preact';
import '../shared/base.css';
import './dashboard.css';
import { LangProvider } from '../shared/i18n.js';
import { DashboardApp } from './dashboard-app.js';

render(
  <LangProvider>
    <DashboardApp />
  </LangProvider>,
  document.getElementById('app')!,
);
