import cliProgress from 'cli-progress';

const LINE_EVERY_MS = 10_000;

/**
 * One bar per phase on stderr. Without a terminal (nohup) it prints a plain line every 10 s from
 * `update` itself: cli-progress would print from a timer, and timers never fire while PGlite
 * work keeps the event loop busy with promise continuations.
 */
export class BenchProgress {
  private bar?: cliProgress.SingleBar;
  private current?: { label: string; total: number; unit: string; started: number; lastLine: number };
  private readonly started = performance.now();
  private readonly tty = !!process.stderr.isTTY;

  constructor(private readonly enabled = true) {}

  phase(label: string, total: number, unit: string): void {
    this.stop();
    if (!this.enabled) return;
    const now = performance.now();
    this.current = { label, total, unit, started: now, lastLine: now };
    if (!this.tty) {
      process.stderr.write(`${this.clock()} ${label}: 0/${total} ${unit}\n`);
      return;
    }
    this.bar = new cliProgress.SingleBar(
      {
        format: `{clock} ${label.padEnd(34)} |{bar}| {value}/{total} ${unit} | {rate}/s | eta {eta_formatted}`,
        barsize: 24,
        hideCursor: true,
        stream: process.stderr,
        etaBuffer: 200,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, 0, { rate: '0', clock: this.clock() });
  }

  update(value: number): void {
    const c = this.current;
    if (!c) return;
    const now = performance.now();
    const rate = value / Math.max((now - c.started) / 1000, 1e-3);
    if (this.bar) {
      this.bar.update(value, { rate: Math.round(rate).toString(), clock: this.clock() });
    } else if (now - c.lastLine >= LINE_EVERY_MS) {
      c.lastLine = now;
      const eta = rate > 0 ? Math.round((c.total - value) / rate) : NaN;
      process.stderr.write(`${this.clock()} ${c.label}: ${value}/${c.total} ${c.unit}, ${Math.round(rate)}/s, eta ${eta}s\n`);
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
    this.current = undefined;
  }

  log(message: string): void {
    this.stop();
    process.stderr.write(`${this.clock()} ${message}\n`);
  }

  private clock(): string {
    const s = Math.round((performance.now() - this.started) / 1000);
    return `[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}]`;
  }
}
