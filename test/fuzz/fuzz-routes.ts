import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { requestsFor, strayRequests, type FuzzRequest, type RouteSpec } from './http-inputs.js';
import type { JsonSchema } from './schema-arbitrary.js';

/**
 * Property-based fuzzing of every route the app serves: the routes come from the app's own
 * OpenAPI document, each gets requests built from its schema (and broken on purpose), and the
 * property is "the answer is not a 5xx". Long-lived streams go over a real socket and are
 * closed once their status is known; everything else through `inject`.
 */
export interface FamilyStats {
  family: string;
  routes: number;
  inputs: number;
  /** Responses by status class: how deep the inputs got (2xx reached the handler's success path). */
  byClass: Record<string, number>;
}

export interface FuzzFailure {
  route: string;
  status: number | string;
  request: FuzzRequest;
  body: string;
}

export interface FuzzReport {
  families: FamilyStats[];
  failures: FuzzFailure[];
  inputs: number;
  ms: number;
  seed: number;
}

export function routesOf(app: FastifyInstance): RouteSpec[] {
  const spec = app.swagger() as { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>; requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; consumes?: string[] }>> };
  const routes: RouteSpec[] = [];
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const query = Object.fromEntries((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}]));
      const content = op.requestBody?.content ?? {};
      routes.push({
        method: method.toUpperCase(),
        path: path.length > 1 ? path.replace(/\/$/, '') : path,
        params,
        query,
        body: content['application/json']?.schema,
        multipart: /\/documents$/.test(path) && method === 'post',
      });
    }
  }
  // Destructive routes last, so the data the others need is there while they run.
  return routes.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
}

export function familyOf(path: string): string {
  if (path === '/healthz' || path === '/readyz') return 'health';
  if (path.includes('/documents')) return 'documents';
  if (path.endsWith('/search')) return 'search';
  if (path.startsWith('/v1/knowledge-bases')) return 'knowledge-bases';
  if (/\/v1\/conversations\/\{id\}\/(handoff|rating|events|stream)/.test(path)) return 'handoff';
  if (path.startsWith('/v1/conversations')) return 'conversations';
  if (path.startsWith('/v1/agents')) return 'agents';
  if (path.startsWith('/v1/chat') || path === '/v1/models') return 'openai';
  return 'other';
}

const isStream = (r: RouteSpec) => r.method === 'GET' && r.path.endsWith('/stream');

async function send(app: FastifyInstance, baseUrl: string, req: FuzzRequest, stream: boolean, auth: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  if (!stream) {
    const res = await app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, payload: req.payload });
    return { status: res.statusCode, body: res.body.slice(0, 500) };
  }
  // A live stream never ends by itself: read the status, then hang up like a client going away.
  const controller = new AbortController();
  // Headers are written before any work but the lookup, so only a hang takes this long; 5 s was hit
  // once in 286k inputs with the machine at load 13 (another fuzz target, builds and a browser).
  const timer = setTimeout(() => controller.abort(), 30_000);
  try {
    const headers = { ...auth, ...Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['accept-encoding', 'range'].includes(k))) };
    const res = await fetch(baseUrl + req.url, { method: req.method, headers, signal: controller.signal });
    const body = res.headers.get('content-type')?.includes('event-stream') ? '' : (await res.text()).slice(0, 500);
    return { status: res.status, body };
  } catch (err) {
    return { status: `client error: ${(err as Error).message}` as unknown as number, body: '' };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

export async function fuzzApp(
  app: FastifyInstance,
  opts: {
    baseUrl: string;
    known: (route: RouteSpec, param: string) => string[];
    budgetMs: number;
    seed?: number;
    log?: (line: string) => void;
    /** Sent with the streams' real HTTP requests (the API key; app.inject adds its own). */
    headers?: Record<string, string>;
  },
): Promise<FuzzReport> {
  const started = performance.now();
  const seed = opts.seed ?? Date.now() % 2 ** 31;
  const routes = routesOf(app);
  const stats = new Map<string, FamilyStats>();
  const failures: FuzzFailure[] = [];
  const perRoute = opts.budgetMs / (routes.length + 1);
  const family = (name: string) => {
    let s = stats.get(name);
    if (!s) stats.set(name, (s = { family: name, routes: 0, inputs: 0, byClass: {} }));
    return s;
  };

  const run = async (label: string, fam: FamilyStats, arb: fc.Arbitrary<FuzzRequest>, stream: boolean) => {
    fam.routes++;
    const result = await fc.check(
      fc.asyncProperty(arb, async (req) => {
        const { status, body } = await send(app, opts.baseUrl, req, stream, opts.headers);
        fam.inputs++;
        const cls = typeof status === 'number' ? `${Math.floor(status / 100)}xx` : 'error';
        fam.byClass[cls] = (fam.byClass[cls] ?? 0) + 1;
        if (typeof status !== 'number' || status >= 500) {
          failures.push({ route: label, status, request: { ...req, payload: typeof req.payload === 'string' ? req.payload.slice(0, 300) : req.payload?.subarray(0, 300) }, body });
          return false;
        }
        return true;
      }),
      // No shrinking (time-boxed run), and a failure does not stop the other inputs of the route.
      { numRuns: 1_000_000, interruptAfterTimeLimit: perRoute, markInterruptAsFailure: false, seed, endOnFailure: true },
    );
    opts.log?.(`${label}: ${result.numRuns} inputs${result.failed ? ' FAILED' : ''}`);
  };

  for (const route of routes) {
    const known = (p: string) => opts.known(route, p);
    await run(`${route.method} ${route.path}`, family(familyOf(route.path)), requestsFor(route, Object.fromEntries(route.params.map((p) => [p, known(p)]))), isStream(route));
  }
  await run('stray requests', family('not-found'), strayRequests, false);
  const families = [...stats.values()].sort((a, b) => a.family.localeCompare(b.family));
  return { families, failures, inputs: families.reduce((n, f) => n + f.inputs, 0), ms: performance.now() - started, seed };
}

export function formatFuzzTable(r: FuzzReport): string {
  const rows = [['route family', 'routes', 'inputs', '2xx', '3xx', '4xx', '≥500/err']];
  for (const f of r.families)
    rows.push([f.family, String(f.routes), String(f.inputs), ...['2xx', '3xx', '4xx'].map((c) => String(f.byClass[c] ?? 0)), String((f.byClass['5xx'] ?? 0) + (f.byClass.error ?? 0))]);
  rows.push(['total', String(r.families.reduce((n, f) => n + f.routes, 0)), String(r.inputs), '', '', '', String(r.failures.length)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row, i) => `| ${row.map((c, j) => c.padEnd(widths[j]!)).join(' | ')} |${i === 0 ? `\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|` : ''}`).join('\n');
}
