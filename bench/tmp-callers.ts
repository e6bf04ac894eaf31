import fs from 'node:fs';
const p = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8'));
const target = process.argv[3]!;
const byId = new Map<number, any>(); for (const n of p.nodes) byId.set(n.id, n);
const parent = new Map<number, number>(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map<number, number>(); p.samples.forEach((s: number, i: number) => self.set(s, (self.get(s) ?? 0) + (p.timeDeltas[i] ?? 0)));
const agg = new Map<string, number>();
for (const [id, us] of self) { const n = byId.get(id); if (n.callFrame.functionName !== target) continue;
  const chain: string[] = []; let cur = parent.get(id); while (cur !== undefined && chain.length < 14) { const f = byId.get(cur).callFrame; chain.push(`${f.functionName || '(anon)'}@${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`); cur = parent.get(cur); }
  const k = chain.slice(0, 12).join(" < "); agg.set(k, (agg.get(k) ?? 0) + us); }
for (const [k, us] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log((us / 1000).toFixed(0), 'ms', k);
