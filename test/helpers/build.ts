import { buildApp } from '../../src/app.js';
import { loadConfig, type Env } from '../../src/config/config.js';
import { createContext } from '../../src/composition-root.js';
import type { TestDatabase } from './databases.js';

export const testConfig = (env: Env = {}) => loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });

/** The whole service on a test database, as in production but reached through `inject`. */
export async function build(t: TestDatabase, env: Env = {}) {
  const config = testConfig(env);
  const ctx = await createContext(config, { db: t.db });
  const app = await buildApp(config, { ctx });
  await app.ready();
  return { app, ctx, config };
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
