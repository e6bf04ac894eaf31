import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseLocked } from '../../domain/errors.js';
import { describeOwner, isSameProcess, ownerState, parseOwner, selfIdentity, type LockOwner } from './process-identity.js';

/**
 * Two processes opening one PGlite folder both succeed and silently corrupt its indexes, so the
 * embedded database is guarded by a lock file beside it (`<folder>.lock`) naming its owner.
 *
 * - Created atomically with its content (written to a temporary file, then hard-linked into
 *   place): a reader never sees an empty lock and mistakes it for a stale one.
 * - A lock whose owner is gone (crash, kill -9) is stale and taken over. "Gone" means the pid is
 *   dead, or alive but started at another time (pids are reused, in containers within seconds),
 *   or the machine rebooted. An owner we cannot check (another host or pid namespace sharing the
 *   folder) is trusted while it refreshes the lock's mtime, and stale after `staleMs` without.
 * - Two processes taking over the same stale lock at once are serialised by a short-lived
 *   `<folder>.lock.takeover` file, so only one of them wins.
 */
export interface PgliteLockOptions {
  /** How often the owner refreshes the lock's mtime. */
  heartbeatMs?: number;
  /** An owner we cannot check is presumed dead after this long without a heartbeat. */
  staleMs?: number;
}

const TAKEOVER_STALE_MS = 10_000;
const RETRIES = 50;
/**
 * Tokens of the locks this process holds. Our own pid in a lock is a predecessor's (a container
 * restarted with the same pid) unless the token is one of these: then a second open in this very
 * process (two contexts in one server, a test) would corrupt the folder just the same.
 */
const heldTokens = new Set<string>();

export async function acquirePgliteLock(dataDir: string, opts: PgliteLockOptions = {}): Promise<() => void> {
  const heartbeatMs = opts.heartbeatMs ?? 10_000;
  const staleMs = opts.staleMs ?? 120_000;
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = lockPathOf(dataDir);
  const me: LockOwner = { ...selfIdentity(), token: randomBytes(8).toString('hex') };

  for (let attempt = 0; attempt < RETRIES; attempt++) {
    if (createExclusive(lockPath, JSON.stringify(me))) return holdLock(lockPath, me, heartbeatMs);
    const seen = readLock(lockPath);
    if (seen === 'missing') continue;
    if (seen === 'being-written') {
      await sleep(20);
      continue;
    }
    const owner = seen === 'unreadable' ? undefined : seen;
    const heldHere = owner !== undefined && owner.pid === process.pid && heldTokens.has(owner.token);
    const state = heldHere ? 'alive' : owner ? ownerState(owner, staleMs, mtimeAgeMs(lockPath)) : 'stale';
    if (state === 'alive') {
      throw new DatabaseLocked(
        `The embedded database at ${dataDir} is in use by ${describeOwner(owner!)}. ` +
          'Only one process may open a PGlite folder: stop it, or point DATABASE_URL at a PostgreSQL server to run several.',
        { details: { lockPath, pid: owner!.pid, host: owner!.host } },
      );
    }
    if (state === 'unverifiable') {
      const waitS = Math.ceil((staleMs - mtimeAgeMs(lockPath)) / 1000);
      throw new DatabaseLocked(
        `The embedded database at ${dataDir} is locked by ${describeOwner(owner!)}, which this process cannot check ` +
          `(another host or container); it refreshed the lock ${Math.round(mtimeAgeMs(lockPath) / 1000)} s ago. ` +
          `If it is gone, the lock is taken over ${Math.max(waitS, 1)} s from now; only one process may open a PGlite folder.`,
        { details: { lockPath, pid: owner!.pid, host: owner!.host } },
      );
    }
    await takeOverStale(lockPath, seen);
  }
  throw new DatabaseLocked(`Could not take the lock on ${dataDir}: it kept changing hands`, { details: { lockPath } });
}

export function lockPathOf(dataDir: string): string {
  const abs = path.resolve(dataDir);
  return path.join(path.dirname(abs), `${path.basename(abs)}.lock`);
}

/** Creates `file` holding `content` only if it does not exist, never visible half-written. */
function createExclusive(file: string, content: string): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, content);
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // Filesystems without hard links: an exclusive create; a reader that finds it empty retries.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return createWithOpen(file, content);
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function createWithOpen(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fs.writeSync(fd, content);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function readLock(file: string): LockOwner | 'missing' | 'unreadable' | 'being-written' {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  // An empty file on a link-less filesystem may be a lock being written: young ones count as alive.
  if (!text.trim() && mtimeAgeMs(file) < 5_000) return 'being-written';
  return parseOwner(text) ?? 'unreadable';
}

function mtimeAgeMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

/**
 * Removes a stale lock, unless someone else replaced it meanwhile. The takeover file makes the
 * check-and-remove atomic against other processes doing the same.
 */
async function takeOverStale(lockPath: string, seen: LockOwner | 'unreadable'): Promise<void> {
  const guard = `${lockPath}.takeover`;
  if (!createExclusive(guard, String(process.pid))) {
    // Another process is taking over: give it a moment. A guard left by a crash mid-takeover is old.
    if (mtimeAgeMs(guard) > TAKEOVER_STALE_MS) fs.rmSync(guard, { force: true });
    await sleep(20 + Math.random() * 30);
    return;
  }
  try {
    const now = readLock(lockPath);
    const unchanged = now === 'unreadable' ? seen === 'unreadable' : typeof now === 'object' && seen !== 'unreadable' && isSameProcess(now, seen);
    if (unchanged) fs.rmSync(lockPath, { force: true });
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

function holdLock(lockPath: string, me: LockOwner, heartbeatMs: number): () => void {
  // The heartbeat only matters to processes that cannot check our pid (another host or container).
  const beat = setInterval(() => {
    try {
      const now = new Date();
      fs.utimesSync(lockPath, now, now);
    } catch {
      /* the folder went away; nothing to keep fresh */
    }
  }, heartbeatMs);
  beat.unref();
  heldTokens.add(me.token);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    heldTokens.delete(me.token);
    clearInterval(beat);
    process.off('exit', release);
    const owner = readLock(lockPath);
    if (typeof owner === 'object' && owner.token === me.token) fs.rmSync(lockPath, { force: true });
  };
  // A CLI that calls process.exit() without closing the database still frees the folder.
  process.on('exit', release);
  return release;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
