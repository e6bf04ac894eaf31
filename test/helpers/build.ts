import { buildApp } from '../../src/app.js';
import { loadConfig, type Env } from '../../src/config/config.js';
import { createContext, type AppContext } from '../../src/composition-root.js';
import { DEFAULT_TENANT } from '../../src/domain/tenancy.js';
import type { TestDatabase } from './databases.js';

export const testConfig = (env: Env = {}) => loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });

type App = Awaited<ReturnType<typeof buildApp>>;

/** Does a request already say who it is (its own key, or a deliberate empty one)? */
const hasCredentials = (headers: Record<string, unknown> | undefined) =>
  !!headers && Object.keys(headers).some((h) => ['authorization', 'x-api-key'].includes(h.toLowerCase()));

/**
 * Creates an admin key of the default tenant and makes `app.inject` send it unless the request
 * carries its own `authorization` or `x-api-key` (so tests written before API keys keep working,
 * and auth tests pass their own). `rawInject` sends exactly what it is given.
 */
export async function withAdminKey(app: App, ctx: AppContext) {
  const { key } = await ctx.tenants.createKey(DEFAULT_TENANT, { name: `test-admin-${Math.random().toString(16).slice(2, 8)}`, role: 'admin' }, null);
  const rawInject = app.inject.bind(app) as App['inject'];
  const inject = ((opts?: any, cb?: any) => {
    if (opts === undefined) return rawInject().headers({ authorization: `Bearer ${key}` });
    const o = typeof opts === 'string' ? { url: opts } : opts;
    const headers = hasCredentials(o.headers) ? o.headers : { ...(o.headers ?? {}), authorization: `Bearer ${key}` };
    return cb ? rawInject({ ...o, headers }, cb) : rawInject({ ...o, headers });
  }) as App['inject'];
  app.inject = inject;
  return { adminKey: key, rawInject };
}

/** The whole service on a test database, as in production but reached through `inject` (as an admin of the default tenant). */
export async function build(t: TestDatabase, env: Env = {}) {
  const config = testConfig(env);
  const ctx = await createContext(config, { db: t.db });
  const app = await buildApp(config, { ctx });
  await app.ready();
  const { adminKey, rawInject } = await withAdminKey(app, ctx);
  return { app, ctx, config, adminKey, rawInject };
}

/** A multipart/form-data body with the given files, as a browser or curl sends it. */
export function multipart(files: Array<{ name: string; content: string | Uint8Array; type?: string }>) {
  const boundary = `----test${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.from(f.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
