import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../composition-root.js';
import { Forbidden, OriginNotAllowed, Unauthenticated } from '../../../domain/errors.js';
import {
  DEFAULT_TENANT,
  PUBLIC_KEY_PREFIX,
  roleAllowed,
  SECRET_KEY_PREFIX,
  type Principal,
  type RouteRoles,
} from '../../../domain/tenancy.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Who may call the route besides admin (docs/security.md). A /v1 route that declares none
     * is admin-only: forgetting to declare roles locks a route, it never opens it.
     */
    roles?: RouteRoles;
  }
  interface FastifyRequest {
    /** Who is calling: set on every /v1 request before its handler runs. */
    principal: Principal | null;
    /** The caller's tenant: the only context a /v1 handler may use. */
    tenant: AppContext;
  }
  interface FastifyInstance {
    /** Every /v1 route and the roles it admits (the role-matrix tests and docs read it). */
    protectedRoutes: Array<{ method: string; url: string; roles: RouteRoles }>;
  }
}

/** How long a looked-up key is trusted before it is looked up again (revocation on other instances takes this long). */
const KEY_CACHE_MS = 5_000;
/** last_used_at is written at most this often per key. */
const TOUCH_EVERY_MS = 60_000;

/** The key a request presents: `Authorization: Bearer …`, `x-api-key`, or (widget keys only) `?key=`. */
function presentedKey(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim();
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header) return header.trim();
  const query = (req.query as Record<string, unknown> | undefined)?.key;
  if (typeof query === 'string' && query) {
    // A secret key in a URL ends up in proxy logs and browser history: refused outright. A
    // widget key is public anyway, and a browser's EventSource cannot send headers.
    if (!query.startsWith(PUBLIC_KEY_PREFIX)) throw new Unauthenticated('Secret API keys are not accepted in the URL: send Authorization: Bearer <key> or x-api-key');
    return query;
  }
  return undefined;
}

/** A request made by one of the service's own pages: browsers set these headers, pages cannot forge them. */
function fromOwnPages(req: FastifyRequest): boolean {
  if (req.headers['sec-fetch-site'] === 'same-origin') return true;
  const origin = req.headers.origin;
  return typeof origin === 'string' && origin === `${req.protocol}://${req.host}`;
}

/**
 * API keys and roles on /v1 (issue 8). Every /v1 request presents a key; the key decides the
 * tenant (whose context the handler gets as `req.tenant`) and the role, which must be one the
 * route declares. Widget keys also must come from one of their allowed origins. /healthz,
 * /readyz, /docs and static pages stay public.
 */
export default fp<{ enabled: boolean }>(async (app, { enabled }) => {
  const { ctx } = app;
  const cache = new Map<string, { principal: Principal | undefined; until: number }>();
  const touched = new Map<string, number>();
  const routes: Array<{ method: string; url: string; roles: RouteRoles }> = [];
  app.decorate('protectedRoutes', routes);
  app.decorateRequest('principal', null);
  app.decorateRequest('tenant', null as unknown as AppContext);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/v1')) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, roles: route.config?.roles ?? [] });
  });

  async function lookup(key: string): Promise<Principal | undefined> {
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.principal;
    const principal = key.startsWith(SECRET_KEY_PREFIX) || key.startsWith(PUBLIC_KEY_PREFIX) ? await ctx.tenants.authenticate(key) : undefined;
    // Unknown keys are cached too, briefly, so guessing keys does not cost a query each.
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { principal, until: now + KEY_CACHE_MS });
    if (principal?.keyId && (touched.get(principal.keyId) ?? 0) < now - TOUCH_EVERY_MS) {
      touched.set(principal.keyId, now);
      void ctx.tenants.touch(principal.keyId).catch(() => undefined);
    }
    return principal;
  }

  /**
   * Who may frame the widget page opened with this key: its allowed origins ('*' with
   * authentication off, none for an unknown key). The frame is where a widget key's origins are
   * enforced for the embedded chat, whose own API calls come from the service's origin.
   */
  app.decorate('widgetFrameAncestors', async (key: string | undefined): Promise<string[] | '*'> => {
    if (!enabled) return '*';
    if (!key?.startsWith(PUBLIC_KEY_PREFIX)) return [];
    const principal = await lookup(key);
    return principal?.role === 'widget' ? principal.allowedOrigins : [];
  });

  /** Forgets cached keys: a key revoked through this instance stops working at once. */
  app.decorate('forgetKeys', () => cache.clear());

  // Two steps: the key is looked up first (onRequest), so the rate limiter, which runs next,
  // charges the request to its key, or to its IP when there is none; the request is refused
  // after that (preParsing, before any body is read), so failed attempts still count.
  const refusals = new WeakMap<FastifyRequest, Error>();
  app.addHook('onRequest', async (req) => {
    const url = req.routeOptions.url;
    if (!url?.startsWith('/v1')) return;
    if (!enabled) {
      req.principal = { tenantId: DEFAULT_TENANT, keyId: null, role: 'admin', allowedOrigins: [] };
      req.tenant = ctx;
      return;
    }
    try {
      const key = presentedKey(req);
      if (!key) throw new Unauthenticated('An API key is required: send Authorization: Bearer <key> or x-api-key');
      const principal = await lookup(key);
      if (!principal) throw new Unauthenticated('The API key is unknown or revoked');
      req.principal = principal;
      req.rateLimitSubject = `key:${principal.keyId}`;
      req.tenant = ctx.forTenant(principal.tenantId);
    } catch (err) {
      refusals.set(req, err as Error);
    }
  });

  app.addHook('preParsing', async (req) => {
    const url = req.routeOptions.url;
    if (!enabled || !url?.startsWith('/v1')) return;
    const refused = refusals.get(req);
    if (refused) throw refused;
    const principal = req.principal!;
    // The widget page (an iframe on our own origin) is allowed; its embedding sites are checked
    // by the page's frame-ancestors. Any other browser page must be one of the key's origins.
    if (principal.role === 'widget' && !fromOwnPages(req)) {
      const origin = req.headers.origin;
      if (!origin || !principal.allowedOrigins.includes(origin))
        throw new OriginNotAllowed('This widget key may only be used from its allowed origins', { details: { origin: origin ?? null } });
    }
    const roles = req.routeOptions.config?.roles;
    if (!roleAllowed(principal.role, roles))
      throw new Forbidden(`The ${principal.role} role may not call ${req.method} ${url}`, {
        details: { role: principal.role, allowed: ['admin', ...(roles ?? [])] },
      });
  });
}, { name: 'auth', dependencies: ['context'] });

declare module 'fastify' {
  interface FastifyInstance {
    forgetKeys(): void;
    widgetFrameAncestors(key: string | undefined): Promise<string[] | '*'>;
  }
}
