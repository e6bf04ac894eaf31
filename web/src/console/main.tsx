import { render } from 'preact';
import '../shared/base.css';
import './console.css';
import { LangProvider } from '../shared/i18n.js';
import { KeyGate } from '../shared/key-gate.js';
import { ConsoleApp } from './console-app.js';

render(
  <LangProvider>
    <KeyGate>
      <ConsoleApp />
    </KeyGate>
  </LangProvider>,
  document.getElementById('app')!,
);
