import { render } from 'preact';
import '../shared/base.css';
import './widget.css';
import { LangProvider } from '../shared/i18n.js';
import { WidgetApp } from './widget-app.js';
import { takeKeyFromUrl } from '../shared/api-key.js';

// ?key= is the site's public widget key (kept in memory only), ?kb= names the knowledge base, ?lang= forces a language, ?embedded=1 when inside the loader's iframe.
const params = new URLSearchParams(location.search);
takeKeyFromUrl();
const embedded = params.get('embedded') === '1' && window.parent !== window;

render(
  <LangProvider forced={params.get('lang')}>
    <WidgetApp kb={params.get('kb') ?? 'demo'} embedded={embedded} />
  </LangProvider>,
  document.getElementById('app')!,
);
