import fs from 'node:fs';

/**
 * The whole machine's CPU time from /proc/stat (every process: the service, the load client,
 * the fake model, anything else), so a level can say whether the machine itself was the limit.
 */
export interface MachineCpu {
  busyMs: number;
  totalMs: number;
}

export function machineCpu(): MachineCpu | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    // cpu user nice system idle iowait irq softirq steal …, in clock ticks (USER_HZ, 100 on Linux)
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = v[3]! + v[4]!;
    return { busyMs: (total - idle) * 10, totalMs: total * 10 };
  } catch {
    return undefined;
  }
}

/** Busy share of all cores between two readings, in % of the whole machine (100 = every core busy). */
export function machineBusyPercent(a: MachineCpu | undefined, b: MachineCpu | undefined): number | undefined {
  if (!a || !b || b.totalMs <= a.totalMs) return undefined;
  return ((b.busyMs - a.busyMs) / (b.totalMs - a.totalMs)) * 100;
}
