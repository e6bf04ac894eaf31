import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { readPublicKeyFile } from '../../../adapters/files/admin-key-file.js';

/** web/dist, built by `npm run build:web` (Vite). */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../../web/dist/', import.meta.url));

// The pages' own policy. Helmet's default CSP stays on the API; here it is the same except:
// no upgrade-insecure-requests (a service reached over plain http on a LAN or localhost would
// have every asset rewritten to https and fail), and styles may be inline because Preact and
// ECharts set style attributes. Scripts stay 'self' only: the built pages have no inline script.
const PAGE_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "frame-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
].join('; ');

// The widget page lives in an iframe on the customer's site: the sites its key allows.
const widgetCsp = (ancestors: string[] | '*') =>
  PAGE_CSP.replace("frame-ancestors 'self'", `frame-ancestors ${ancestors === '*' ? '*' : ["'self'", ...ancestors].join(' ')}`);

const isWidgetPage = (path: string) => path === '/widget' || path.startsWith('/widget/');
// Loaded by other sites: the loader by a <script> tag, the widget page's assets from inside the iframe.
const isCrossOriginResource = (path: string) => path === '/widget.js' || path.startsWith('/assets/') || isWidgetPage(path);

/** Headers per path; runs after helmet's, so it overrides them for the pages only. */
export async function pageHeaders(req: FastifyRequest, reply: FastifyReply, frameAncestors: (key: string | undefined) => Promise<string[] | '*'>) {
  const path = req.url.split('?')[0];
  const key = (req.query as Record<string, unknown> | undefined)?.key;
  reply.header('content-security-policy', isWidgetPage(path) ? widgetCsp(await frameAncestors(typeof key === 'string' ? key : undefined)) : PAGE_CSP);
  if (isWidgetPage(path)) reply.removeHeader('x-frame-options');
  if (isCrossOriginResource(path)) reply.header('cross-origin-resource-policy', 'cross-origin');
  // Hashed file names never change; the loader and the HTML pages must be re-read after a deploy.
  reply.header('cache-control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/**
 * Serves the built pages (widget, console, admin, dashboard, index) and the widget loader.
 * Without a build the API runs alone and says so once in the log. The file list is read at
 * start-up (wildcard: false), so a rebuild is served after a restart.
 */
export default async function webPages(app: FastifyInstance, opts: { root?: string; pagesWidgetKeyFile?: string }) {
  const root = opts.root ?? DEFAULT_WEB_DIR;
  if (!existsSync(root)) {
    app.log.warn({ root }, 'web pages not built (npm run build:web): serving the API only');
    return;
  }
  // Encapsulated (no fastify-plugin): the hook applies to these routes only, not to the API.
  await app.register(async (pages) => {
    // The auth plugin decides who may frame the widget (registered before the pages in app.ts).
    const frameAncestors = app.widgetFrameAncestors;
    pages.addHook('onSend', async (req, reply, payload) => {
      await pageHeaders(req, reply, frameAncestors);
      return payload;
    });
    // wildcard: false registers one route per built file at start-up, so unknown URLs still
    // reach the API's own (rate-limited) not-found handler.
    await pages.register(fastifyStatic, { root, wildcard: false, index: ['index.html'], cacheControl: false });
    for (const page of ['widget', 'console', 'admin', 'dashboard']) pages.get(`/${page}`, (_req, reply) => reply.redirect(`/${page}/`, 301));
    // The home page's demo chat uses the public widget key the first start made for our own pages.
    pages.get('/pages-config.json', { schema: { hide: true } }, async () => ({
      demoWidget: { knowledgeBase: 'demo', key: opts.pagesWidgetKeyFile ? await readPublicKeyFile(opts.pagesWidgetKeyFile) : null },
    }));
  });
}
