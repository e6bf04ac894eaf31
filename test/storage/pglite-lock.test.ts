import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { acquirePgliteLock, lockPathOf } from '../../src/adapters/db/pglite-lock.js';
import { selfIdentity } from '../../src/adapters/db/process-identity.js';
import { failure } from '../helpers/failure.js';

const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshDir = () => path.join(tmp, `db${n++}`);

function startTicks(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

/** A live process that is not us, as another service holding the folder. */
async function withSleeper<T>(fn: (pid: number) => Promise<T>): Promise<T> {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  await new Promise((r) => child.once('spawn', r));
  try {
    return await fn(child.pid!);
  } finally {
    child.kill('SIGKILL');
  }
}

const writeLock = (dir: string, owner: Record<string, unknown>) => {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(lockPathOf(dir), JSON.stringify({ host: os.hostname(), token: 'other', startedAt: '2024-01-01T00:00:00.000Z', ...owner }));
};

describe.skipIf(process.platform !== 'linux')('PGlite folder lock', () => {
  it('refuses while a live owner holds it, naming the process', async () => {
    await withSleeper(async (pid) => {
      const dir = freshDir();
      const me = selfIdentity();
      writeLock(dir, { pid, startTicks: startTicks(pid), bootId: me.bootId, pidNamespace: me.pidNamespace });
      const err = await failure(acquirePgliteLock(dir));
      expect((err as { code?: string }).code).toBe('DATABASE_LOCKED');
      expect(err.message).toContain(`in use by process ${pid} on ${os.hostname()}`);
      // Refusing leaves the owner's lock alone.
      expect(JSON.parse(fs.readFileSync(lockPathOf(dir), 'utf8')).pid).toBe(pid);
    });
  });

  it('refuses a second open in the same process, and takes over a lock with our pid but not our token', async () => {
    const dir = freshDir();
    const release = await acquirePgliteLock(dir);
    const err = await failure(acquirePgliteLock(dir));
    expect((err as { code?: string }).code).toBe('DATABASE_LOCKED');
    release();
    // Same pid, unknown token: a predecessor's lock (a container restarted with our pid).
    writeLock(dir, { pid: process.pid });
    const again = await acquirePgliteLock(dir);
    expect(JSON.parse(fs.readFileSync(lockPathOf(dir), 'utf8')).token).not.toBe('other');
    again();
  });

  it('takes over a lock whose pid now belongs to another process (pid reuse after a crash)', async () => {
    await withSleeper(async (pid) => {
      const dir = freshDir();
      writeLock(dir, { pid, startTicks: '1' });
      const release = await acquirePgliteLock(dir);
      expect(JSON.parse(fs.readFileSync(lockPathOf(dir), 'utf8')).pid).toBe(process.pid);
      release();
      expect(fs.existsSync(lockPathOf(dir))).toBe(false);
    });
  });

  it('takes over a lock from before a reboot, and the old pid-only format', async () => {
    await withSleeper(async (pid) => {
      const dir = freshDir();
      writeLock(dir, { pid, startTicks: startTicks(pid), bootId: 'another-boot' });
      (await acquirePgliteLock(dir))();
    });
    const dir = freshDir();
    fs.mkdirSync(dir);
    fs.writeFileSync(lockPathOf(dir), '999999999\n');
    (await acquirePgliteLock(dir))();
  });

  it('trusts an owner on another host while it keeps the lock fresh, and takes over once it stops', async () => {
    const dir = freshDir();
    writeLock(dir, { pid: 1, host: 'other-host' });
    const err = await failure(acquirePgliteLock(dir, { staleMs: 60_000 }));
    expect(err.message).toMatch(/locked by process 1 on other-host.*cannot check/);
    const old = new Date(Date.now() - 120_000);
    fs.utimesSync(lockPathOf(dir), old, old);
    (await acquirePgliteLock(dir, { staleMs: 60_000 }))();
  });

  it('the owner refreshes the lock (its heartbeat) while it holds it', async () => {
    const dir = freshDir();
    const release = await acquirePgliteLock(dir, { heartbeatMs: 50 });
    const old = new Date(Date.now() - 600_000);
    fs.utimesSync(lockPathOf(dir), old, old);
    await new Promise((r) => setTimeout(r, 200));
    expect(Date.now() - fs.statSync(lockPathOf(dir)).mtimeMs).toBeLessThan(5_000);
    release();
  });

  it('lets exactly one of several processes take over the same stale lock at once', async () => {
    const dir = freshDir();
    fs.mkdirSync(dir);
    fs.writeFileSync(lockPathOf(dir), '999999999\n');
    // All children wait for the same instant, then race for the stale lock.
    const startAt = Date.now() + 6_000;
    const outs = await Promise.all(
      Array.from({ length: 6 }, () => run(process.execPath, ['--import', 'tsx', 'test/helpers/hold-lock.ts', dir, String(startAt), '2000'], { timeout: 60_000 })),
    );
    const lines = outs.map((o) => o.stdout.trim());
    expect(lines.filter((l) => l === 'WON')).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('DATABASE_LOCKED: ')).length).toBe(5);
    expect(fs.existsSync(lockPathOf(dir))).toBe(false);
  }, 90_000);
});
