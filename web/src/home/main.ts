import './home.css';

// Fills in this server's address in the embed snippet and embeds the widget on this page, the
// way a customer's site does (added from script so the build leaves widget.js alone), with the
// public widget key the first start made for the service's own pages.
document.getElementById('origin')!.textContent = location.origin;

interface PagesConfig {
  demoWidget: { knowledgeBase: string; key: string | null };
}

void fetch('/pages-config.json')
  .then((r) => r.json() as Promise<PagesConfig>)
  .catch((): PagesConfig => ({ demoWidget: { knowledgeBase: 'demo', key: null } }))
  .then(({ demoWidget }) => {
    const widget = Object.assign(document.createElement('script'), { src: '/widget.js', async: true });
    widget.dataset.kb = demoWidget.knowledgeBase;
    if (demoWidget.key) {
      widget.dataset.key = demoWidget.key;
      const link = document.getElementById('widget-link') as HTMLAnchorElement;
      link.href = `/widget/?kb=${encodeURIComponent(demoWidget.knowledgeBase)}&key=${encodeURIComponent(demoWidget.key)}`;
    }
    document.body.appendChild(widget);
  });
