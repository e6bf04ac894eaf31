import { render } from 'preact';
import '../shared/base.css';
import './admin.css';
import { LangProvider } from '../shared/i18n.js';
import { KeyGate } from '../shared/key-gate.js';
import { AdminApp } from './admin-app.js';

render(
  <LangProvider>
    <KeyGate>
      <AdminApp />
    </KeyGate>
  </LangProvider>,
  document.getElementById('app')!,
);
