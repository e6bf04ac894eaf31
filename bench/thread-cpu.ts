import fs from 'node:fs';

// Linux reports utime/stime in clock ticks; 100 per second on every common build.
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) of this process's main thread alone, from /proc: unlike
 * `process.cpuUsage()` it leaves out worker threads (the embedded database's) and V8's helper
 * threads, and unlike event-loop utilisation it does not count time the thread waited for a
 * core on a busy machine. 10 ms resolution; undefined where /proc is not available.
 */
export function mainThreadCpuMs(): number | undefined {
  const t = mainThreadTimes();
  return t && t.user + t.system;
}

/** The same, split into user and system (kernel: syscalls such as socket writes) time, ms. */
export function mainThreadTimes(): { user: number; system: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) are space-separated; utime and
    // stime are fields 14 and 15 of the whole line.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: (Number(rest[11]) * 1000) / TICKS_PER_SECOND, system: (Number(rest[12]) * 1000) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}
