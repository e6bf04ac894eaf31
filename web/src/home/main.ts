import './home.css';

// Fills in this server's address in the embed snippet and embeds the widget on this page, the
// way a customer's site does (added from script so the build leaves widget.js alone).
document.getElementById('origin')!.textContent = location.origin;
const widget = Object.assign(document.createElement('script'), { src: '/widget.js', async: true });
widget.dataset.kb = 'demo';
document.body.appendChild(widget);
