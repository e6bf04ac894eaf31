/*
 * Kefu chat widget loader. Embed on any site with one tag:
 *   <script src="https://<service>/widget.js" data-kb="demo" data-key="kf_pub_…" async></script>
 * data-key is the site's public widget key (npm run keys -- create --role widget --origin <site>);
 * the service lets only the key's origins frame the chat. Optional: data-lang="zh|en",
 * data-label="…", data-open="true".
 *
 * It adds a launcher button and, on first click, an iframe showing <service>/widget/. The chat
 * itself runs inside the iframe on the service's origin, so it needs no CORS and no cookies of
 * the host site. Styles are set through the CSSOM (element.style), not a <style> tag or style
 * attributes, so a host page with a strict CSP (no 'unsafe-inline' styles) still shows it.
 * Plain ES2017, no build step: the file is served as written.
 */
(() => {
  const script = document.currentScript;
  if (!script || window.KefuWidget) return;
  const kb = script.dataset.kb;
  if (!kb) {
    console.error('[kefu] widget.js needs a data-kb attribute naming the knowledge base');
    return;
  }
  const key = script.dataset.key || '';
  const origin = new URL(script.src, location.href).origin;
  const lang = script.dataset.lang === 'zh' || script.dataset.lang === 'en' ? script.dataset.lang : '';
  const zh = (lang || navigator.language || '').toLowerCase().startsWith('zh');
  const label = script.dataset.label || (zh ? '在线客服' : 'Chat with us');
  const font = "600 15px/1.2 -apple-system,'PingFang SC','Microsoft YaHei',sans-serif";

  const launcher = document.createElement('button');
  launcher.id = 'kefu-launcher';
  launcher.type = 'button';
  // At least 44 px tall: on a phone it is tapped with a finger.
  Object.assign(launcher.style, {
    minHeight: '44px', position: 'fixed', right: '20px', bottom: '20px', zIndex: '2147483000', border: 'none', borderRadius: '24px',
    padding: '12px 20px', background: '#1668dc', color: '#fff', font, cursor: 'pointer', boxShadow: '0 4px 16px rgba(0,0,0,.2)',
  });
  const text = document.createElement('span');
  text.textContent = label;
  const badge = document.createElement('span');
  Object.assign(badge.style, { marginLeft: '8px', background: '#d83931', borderRadius: '10px', padding: '0 7px', fontSize: '12px', display: 'none' });
  launcher.append(text, badge);

  // Full screen on a phone, a floating panel elsewhere.
  const phone = window.matchMedia('(max-width: 600px)');
  let frame;
  const layout = () => {
    if (!frame) return;
    Object.assign(frame.style, phone.matches
      ? { inset: '0', right: '0', bottom: '0', width: '100%', height: '100%', borderRadius: '0' }
      : { inset: 'auto', right: '20px', bottom: '20px', width: '380px', height: 'min(640px, calc(100vh - 40px))', borderRadius: '12px' });
  };
  phone.addEventListener?.('change', layout);

  const open = () => {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.id = 'kefu-widget-frame';
      frame.title = label;
      frame.src = `${origin}/widget/?kb=${encodeURIComponent(kb)}${key ? `&key=${encodeURIComponent(key)}` : ''}${lang ? `&lang=${lang}` : ''}&embedded=1`;
      Object.assign(frame.style, { position: 'fixed', zIndex: '2147483001', border: 'none', boxShadow: '0 8px 32px rgba(0,0,0,.25)', background: '#fff' });
      layout();
      document.body.appendChild(frame);
    }
    frame.style.display = '';
    launcher.style.display = 'none';
    badge.style.display = 'none';
  };
  const close = () => {
    if (frame) frame.style.display = 'none';
    launcher.style.display = '';
  };
  launcher.addEventListener('click', open);

  // The widget page asks to be closed and reports unread agent replies while hidden. Only
  // messages from our own iframe count: any other frame on the host page could post these.
  window.addEventListener('message', (event) => {
    if (event.origin !== origin || !frame || event.source !== frame.contentWindow) return;
    const data = event.data;
    if (data && data.type === 'kefu:close') close();
    if (data && data.type === 'kefu:unread' && frame.style.display === 'none' && data.count) {
      badge.textContent = String(data.count);
      badge.style.display = '';
    }
  });

  const mount = () => {
    document.body.appendChild(launcher);
    if (script.dataset.open === 'true') open();
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
  window.KefuWidget = { open, close };
})();
