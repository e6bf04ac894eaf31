/**
 * CPU profiles of the benchmark's own process (the service), taken with the inspector around
 * one load level, written as `.cpuprofile` (open in Chrome DevTools or speedscope) and summed
 * up as text: self time by package and by function, and total time under a few frames of ours.
 *
 * `tsx bench/cpu-profile.ts FILE.cpuprofile [--top 25]` prints the summary of a saved profile.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Starts sampling this process (and its worker-free main thread); `stop()` returns the profile. */
export async function startCpuProfile(intervalUs = 500): Promise<{ stop(): Promise<CpuProfile> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
      await session.post('Profiler.disable');
      session.disconnect();
      return profile;
    },
  };
}

/** Where a frame's code lives: an npm package, our src/ or bench/ folder, Node itself, or V8. */
function packageOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const m = /\/(src|bench|test|ingest)\/(.*)$/.exec(url);
  if (m) return `${m[1]}/${m[2]!.split('/').slice(0, m[1] === 'src' ? 2 : 1).join('/')}`;
  return url;
}

const frameName = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const file = url ? url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench|test|ingest)\//, '$1/') : '';
  return `${functionName || '(anonymous)'} ${file}${url ? `:${lineNumber + 1}` : ''}`;
};

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  byPackage: Array<{ name: string; selfMs: number }>;
  bySelf: Array<{ name: string; selfMs: number }>;
  byTotal: Array<{ name: string; totalMs: number }>;
}

export function summarizeProfile(p: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000);
  const pkg = new Map<string, number>();
  const fnSelf = new Map<string, number>();
  const fnTotal = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    total += ms;
    if (n.callFrame.functionName === '(idle)') idle += ms;
    const k = packageOf(n.callFrame.url, n.callFrame.functionName);
    pkg.set(k, (pkg.get(k) ?? 0) + ms);
    const f = frameName(n);
    fnSelf.set(f, (fnSelf.get(f) ?? 0) + ms);
    // Inclusive time: every distinct frame on the stack once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = frameName(byId.get(cur)!);
      if (seen.has(name)) continue;
      seen.add(name);
      fnTotal.set(name, (fnTotal.get(name) ?? 0) + ms);
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: total,
    idleMs: idle,
    byPackage: sorted(pkg).slice(0, top).map(([name, selfMs]) => ({ name, selfMs })),
    bySelf: sorted(fnSelf).slice(0, top).map(([name, selfMs]) => ({ name, selfMs })),
    byTotal: sorted(fnTotal)
      .filter(([n]) => !/^\((root|program|idle|garbage collector)\)/.test(n))
      .slice(0, top)
      .map(([name, totalMs]) => ({ name, totalMs })),
  };
}

export function renderProfileSummary(s: ProfileSummary, perStreams?: number): string {
  const busy = s.totalMs - s.idleMs;
  const per = (ms: number) => (perStreams ? ` (${(ms / perStreams).toFixed(2)} ms/stream)` : '');
  const pct = (ms: number) => `${((ms / busy) * 100).toFixed(1)}%`;
  return [
    `profiled ${(s.totalMs / 1000).toFixed(1)} s, busy ${(busy / 1000).toFixed(1)} s${per(busy)}`,
    '-- self time by package',
    ...s.byPackage.filter((r) => r.name !== '(idle)').map((r) => `  ${pct(r.selfMs).padStart(6)}  ${r.selfMs.toFixed(0).padStart(7)} ms  ${r.name}`),
    '-- self time by function',
    ...s.bySelf.filter((r) => !r.name.startsWith('(idle)')).map((r) => `  ${pct(r.selfMs).padStart(6)}  ${r.selfMs.toFixed(0).padStart(7)} ms  ${r.name}`),
    '-- total time (self + callees) by function',
    ...s.byTotal.map((r) => `  ${pct(r.totalMs).padStart(6)}  ${r.totalMs.toFixed(0).padStart(7)} ms  ${r.name}`),
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/cpu-profile.ts FILE.cpuprofile [--top N] [--streams N]');
    process.exit(2);
  }
  const arg = (flag: string) => {
    const i = process.argv.indexOf(flag);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  console.log(renderProfileSummary(summarizeProfile(profile, arg('--top') ?? 25), arg('--streams')));
}
