export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/** Linear interpolation between closest ranks (the common "type 7" definition). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summarize(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), mean, max: sorted.at(-1) ?? NaN };
}

/** Collects timings per label; keeps the slowest inputs so a slow query can be replayed and explained. */
export class TimingRecorder<Input> {
  private readonly samples = new Map<string, Array<{ ms: number; input: Input }>>();

  add(label: string, ms: number, input: Input): void {
    let list = this.samples.get(label);
    if (!list) this.samples.set(label, (list = []));
    list.push({ ms, input });
  }

  async time<T>(label: string, input: Input, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const result = await fn();
    this.add(label, performance.now() - started, input);
    return result;
  }

  labels(): string[] {
    return [...this.samples.keys()];
  }

  summary(label: string): LatencySummary {
    return summarize((this.samples.get(label) ?? []).map((s) => s.ms));
  }

  slowest(label: string, n = 3): Array<{ ms: number; input: Input }> {
    return [...(this.samples.get(label) ?? [])].sort((a, b) => b.ms - a.ms).slice(0, n);
  }
}
