import { render } from 'preact';
import '../shared/base.css';
import './console.css';
import { LangProvider } from '../shared/i18n.js';
import { ConsoleApp } from './console-app.js';

render(
  <LangProvider>
    <ConsoleApp />
  </LangProvider>,
  document.getElementById('app')!,
);
