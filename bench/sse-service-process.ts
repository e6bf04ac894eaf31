import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { createContext } from '../src/composition-root.js';
import { ingestSampleKb, SAMPLE_ENV } from '../test/helpers/sample-kb.js';

/**
 * The service for bench/sse-disconnect.ts in a process of its own (run with --expose-gc), so
 * its handles and memory are measured apart from the clients'. IPC:
 * `{ type: 'start', env }` → `{ type: 'ready', url }`; `{ type: 'stats' }` → `{ type: 'stats', ... }`
 * after two full garbage collections.
 */
declare const gc: () => void;

let state: { app: Awaited<ReturnType<typeof buildApp>>; ctx: Awaited<ReturnType<typeof createContext>> } | undefined;

async function start(env: Record<string, string>) {
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', RATE_LIMIT_ENABLED: 'false', AUTH_ENABLED: 'false', ...SAMPLE_ENV, ...env });
  const ctx = await createContext(config);
  await ingestSampleKb(ctx);
  const app = await buildApp(config, { ctx, ownsContext: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  state = { app, ctx };
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

async function stats() {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  const resources: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1;
  const connections = await new Promise<number>((resolve) => state!.app.server.getConnections((_e, n) => resolve(n)));
  const { rows } = await state!.ctx.db.pool.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM messages WHERE role = 'assistant' GROUP BY status`);
  return { resources, memory: process.memoryUsage(), connections, turns: Object.fromEntries(rows.map((r) => [r.status, r.n])) };
}

process.on('message', (msg: { type: string; env?: Record<string, string> }) => {
  const reply = (p: Promise<object>, type: string) =>
    p.then(
      (body) => process.send!({ type, ...body }),
      (err) => process.send!({ type: 'error', message: String((err as Error).stack ?? err) }),
    );
  if (msg.type === 'start') void reply(start(msg.env ?? {}).then((url) => ({ url })), 'ready');
  else if (msg.type === 'stats') void reply(stats(), 'stats');
});
process.on('disconnect', () => void state?.app.close().finally(() => process.exit(0)));
