import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockPathOf } from '../../src/adapters/db/pglite-lock.js';
import { killHard, startService, stopService, type ServiceProcess } from '../helpers/service-process.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'two-services-'));
const started: ServiceProcess[] = [];
afterAll(async () => {
  for (const s of started) await killHard(s);
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function start(env: Record<string, string>) {
  const s = await startService(env);
  started.push(s);
  return s;
}

// The first start wrote its local admin key there (API keys: docs/security.md).
const adminKey = () => fs.readFileSync(path.join(tmp, 'data', 'admin-key'), 'utf8').trim();
const json = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey()}`, ...init?.headers } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('two service processes on one PGlite folder', () => {
  it('the second refuses to start and the first keeps serving; after kill -9 the next one takes over', async () => {
    const env = { DATA_DIR: path.join(tmp, 'data') };
    const first = await start(env);
    expect(first.url).toBeDefined();
    expect((await json(`${first.url}/v1/knowledge-bases`, { method: 'POST', body: JSON.stringify({ name: 'before' }) })).status).toBe(201);

    const second = await start(env);
    const exit = await second.exited;
    expect(second.url).toBeUndefined();
    expect(exit.code).not.toBe(0);
    expect(second.output()).toMatch(new RegExp(`DATABASE_LOCKED: The embedded database at .*pglite is in use by process ${first.pid} on `));
    expect(second.output()).toContain('point DATABASE_URL at a PostgreSQL server');

    // The first one still reads and writes.
    expect((await json(`${first.url}/v1/knowledge-bases`, { method: 'POST', body: JSON.stringify({ name: 'after' }) })).status).toBe(201);
    const list = await json(`${first.url}/v1/knowledge-bases`);
    expect((list.body.items as Array<{ name: string }>).map((k) => k.name).sort()).toEqual(['after', 'before']);

    // kill -9 leaves the lock file behind; the next service sees its owner is gone and takes over.
    await killHard(first);
    expect(fs.existsSync(lockPathOf(path.join(tmp, 'data', 'pglite')))).toBe(true);
    const third = await start(env);
    expect(third.url).toBeDefined();
    const kept = await json(`${third.url}/v1/knowledge-bases`);
    expect((kept.body.items as Array<{ name: string }>).map((k) => k.name).sort()).toEqual(['after', 'before']);
    expect(JSON.parse(fs.readFileSync(lockPathOf(path.join(tmp, 'data', 'pglite')), 'utf8')).pid).toBe(third.pid);

    // A graceful stop releases the folder.
    expect((await stopService(third)).code).toBe(0);
    expect(fs.existsSync(lockPathOf(path.join(tmp, 'data', 'pglite')))).toBe(false);
  }, 400_000);
});
