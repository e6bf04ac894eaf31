import { render } from 'preact';
import '../shared/base.css';
import './dashboard.css';
import { LangProvider } from '../shared/i18n.js';
import { KeyGate } from '../shared/key-gate.js';
import { DashboardApp } from './dashboard-app.js';

render(
  <LangProvider>
    <KeyGate>
      <DashboardApp />
    </KeyGate>
  </LangProvider>,
  document.getElementById('app')!,
);
