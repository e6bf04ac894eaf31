import fs from 'node:fs';
import os from 'node:os';

/**
 * Who holds a lock, precisely enough to tell a live owner from a dead one whose pid was reused.
 * On Linux a process is (boot, pid namespace, pid, start time); elsewhere only host and pid are
 * known, and a reused pid keeps the lock until that process ends.
 */
export interface LockOwner {
  pid: number;
  host: string;
  /** Random per lock: who releases the lock checks it is still theirs. */
  token: string;
  startedAt: string;
  /** Linux: /proc/<pid>/stat field 22, clock ticks after boot. */
  startTicks?: string;
  bootId?: string;
  pidNamespace?: string;
}

export type OwnerState = 'alive' | 'stale' | 'unverifiable';

export function selfIdentity(): Omit<LockOwner, 'token'> {
  return {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    ...optional('startTicks', startTicksOf(process.pid)),
    ...optional('bootId', readTrimmed('/proc/sys/kernel/random/boot_id')),
    ...optional('pidNamespace', readLink('/proc/self/ns/pid')),
  };
}

/** Lock files written before this format held just the pid. */
export function parseOwner(text: string): LockOwner | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), host: os.hostname(), token: `legacy-${trimmed}`, startedAt: '' };
  try {
    const o = JSON.parse(trimmed) as Partial<LockOwner>;
    if (typeof o.pid !== 'number' || typeof o.host !== 'string' || typeof o.token !== 'string') return undefined;
    return { startedAt: '', ...o } as LockOwner;
  } catch {
    return undefined;
  }
}

export function isSameProcess(a: LockOwner, b: LockOwner): boolean {
  return a.token === b.token && a.pid === b.pid;
}

/**
 * Alive, stale, or not checkable from here (another host or pid namespace): then the lock's
 * heartbeat (its mtime, refreshed by the owner) decides after `staleMs`.
 */
export function ownerState(owner: LockOwner, staleMs: number, heartbeatAgeMs: number): OwnerState {
  const me = selfIdentity();
  const checkable = owner.host === me.host && (!owner.pidNamespace || !me.pidNamespace || owner.pidNamespace === me.pidNamespace);
  if (!checkable) return heartbeatAgeMs > staleMs ? 'stale' : 'unverifiable';
  if (owner.bootId && me.bootId && owner.bootId !== me.bootId) return 'stale';
  // Our own pid in the lock can only be a predecessor's (a container restarted with the same pid).
  if (owner.pid === process.pid) return 'stale';
  if (!pidExists(owner.pid)) return 'stale';
  if (owner.startTicks) {
    const ticks = startTicksOf(owner.pid);
    if (ticks !== undefined && ticks !== owner.startTicks) return 'stale';
  }
  return 'alive';
}

export function describeOwner(owner: LockOwner): string {
  const since = owner.startedAt ? `, started ${owner.startedAt}` : '';
  return `process ${owner.pid} on ${owner.host}${since}`;
}

function pidExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function startTicksOf(pid: number): string | undefined {
  const stat = readTrimmed(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return rest[19];
}

function readTrimmed(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function readLink(file: string): string | undefined {
  try {
    return fs.readlinkSync(file);
  } catch {
    return undefined;
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
