import type { LatencySummary } from './latency-stats.js';
import type { CodeVersion, MachineInfo } from './machine-info.js';
import type { PipelineRun } from './our-pipeline-run.js';
import { codeLine, int, loadAverageLine, ms, table } from './report-markdown.js';

export { appendReport } from './report-markdown.js';

export interface BenchReport {
  startedAt: Date;
  finishedAt: Date;
  mode: 'full' | 'quick';
  command: string;
  machine: MachineInfo;
  loadAverageEnd: number[];
  code: CodeVersion;
  server?: { server: string; vector: string | null };
  settings: string;
  corpus: string;
  queries: string;
  notes: string[];
  runs: PipelineRun[];
}

// The targets the issue sets; reported, never asserted.
export const GOALS = { ingestSpeedup: 3, p95ms: { postgres: 15, pglite: 30 } as Record<string, number>, atChunks: 100_000 };

const mb = (bytes: number) => (bytes / 1024 ** 2).toFixed(1);
const k = (n: number) => (n >= 9500 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));

function phaseLabel(p: { fromChunks: number; toChunks: number }) {
  return p.fromChunks === 0 ? `0 → ${k(p.toChunks)}` : `${k(p.fromChunks)} → ${k(p.toChunks)}`;
}

function ours(runs: PipelineRun[], db: string) {
  return runs.filter((r) => r.pipeline === 'ours' && r.db === db);
}
const oursName = (run: PipelineRun) => `ours, ${run.variant ?? 'default'}`;

function ingestionTable(runs: PipelineRun[]): string {
  const rows: string[][] = [];
  for (const run of runs) {
    run.phases.forEach((p, i) => {
      const secs = p.ms / 1000;
      // Same files in both pipelines, so the time ratio is the honest speed comparison.
      const mine = run.pipeline === 'ours' ? [] : ours(runs, run.db === 'memory' ? 'pglite' : run.db);
      const ratio = mine
        .filter((m) => m.phases[i])
        .map((m) => `${(p.ms / m.phases[i].ms).toFixed(2)}× (${m.variant?.split(' ')[0] ?? 'ours'}${run.db === 'memory' ? ', vs ours/PGlite' : ''})`)
        .join(', ');
      rows.push([run.db, run.pipeline === 'ours' ? oursName(run) : `LangChain: ${run.store}`, phaseLabel(p), int(p.docs), mb(p.bytes), int(p.chunks), secs.toFixed(1), int(p.chunks / secs), (p.bytes / 1024 ** 2 / secs).toFixed(2), ratio]);
    });
  }
  return table(['database', 'pipeline', 'our chunks', 'files', 'MB', 'rows written', 'seconds', 'rows/s', 'MB/s', 'our speed ÷ baseline speed'], rows);
}

function latencyTable(runs: PipelineRun[]): string {
  const rows: string[][] = [];
  const sorted = [...runs].sort((a, b) => a.db.localeCompare(b.db));
  for (const run of sorted) {
    for (const l of run.latency) {
      const goal = run.pipeline === 'ours' ? GOALS.p95ms[run.db] : undefined;
      const met = goal !== undefined && l.chunks >= GOALS.atChunks * 0.95 ? (l.total.p95 <= goal ? 'yes' : '**no**') : '';
      rows.push([
        run.db, k(l.chunks), run.pipeline === 'ours' ? `${oursName(run)}: searchKnowledge (hybrid + RRF + load)` : `LangChain: similaritySearch top-8 (vector only)`,
        ms(l.total.p50), ms(l.total.p95), ms(l.total.p99), ms(l.total.mean), ms(l.total.max), goal && met ? `≤ ${goal}` : '', met,
      ]);
    }
  }
  return table(['database', 'chunks', 'what', 'p50', 'p95', 'p99', 'mean', 'max', 'goal p95', 'met'], rows);
}

const CHANNELS = ['embed', 'vector', 'text', 'code', 'faq_vector', 'faq_text', 'faq_code', 'load'];

function channelTable(runs: PipelineRun[]): string {
  const rows: string[][] = [];
  for (const run of runs.filter((r) => r.pipeline === 'ours')) {
    for (const l of run.latency) {
      const cell = (s?: LatencySummary) => (s ? `${ms(s.p50)} / ${ms(s.p95)}${s.n < l.total.n ? ` (n=${s.n})` : ''}` : '–');
      rows.push([run.db, run.variant?.split(' ')[0] ?? '', k(l.chunks), ...CHANNELS.map((c) => cell(l.channels[c]))]);
    }
  }
  return table(['database', 'ours', 'chunks', ...CHANNELS], rows);
}

function lexicalTable(runs: PipelineRun[]): string {
  const rows: string[][] = [];
  for (const run of runs.filter((r) => r.pipeline === 'ours')) {
    for (const l of run.latency) {
      const x = l.lexical;
      if (!x) continue;
      rows.push([run.db, run.variant?.split(' ')[0] ?? '', k(l.chunks), ms(x.firstSearchMs), int(x.entries), int(x.terms), int(x.postings), x.arrayMB.toFixed(0), x.heapUsedMB.toFixed(0), x.rssMB.toFixed(0)]);
    }
  }
  return table(['database', 'ours', 'chunks', 'first search ms (builds or patches the index)', 'entries', 'terms', 'postings', 'typed arrays MB', 'process heap used MB', 'process RSS MB'], rows);
}

function goalLines(runs: PipelineRun[]): string[] {
  const lines: string[] = [];
  for (const base of runs.filter((r) => r.pipeline === 'langchain' && r.db !== 'memory')) {
    for (const mine of ours(runs, base.db)) {
      const phases = base.phases.filter((_, i) => mine.phases[i]);
      const ratios = phases.map((p, i) => `${phaseLabel(p)}: ${(p.ms / mine.phases[i].ms).toFixed(2)}×`).join(', ');
      const worst = Math.min(...phases.map((p, i) => p.ms / mine.phases[i].ms));
      lines.push(`- Ingestion ≥ ${GOALS.ingestSpeedup}× the LangChain PGVectorStore baseline on ${base.db}, ${oursName(mine)}: ${ratios} → **${worst >= GOALS.ingestSpeedup ? 'met' : 'not met'}**.`);
    }
  }
  for (const run of runs.filter((r) => r.pipeline === 'ours')) {
    const goal = GOALS.p95ms[run.db];
    const at = run.latency.find((l) => l.chunks >= GOALS.atChunks * 0.95);
    lines.push(
      at
        ? `- Search p95 ≤ ${goal} ms at ${k(at.chunks)} chunks on ${run.db}, ${oursName(run)}: p95 ${ms(at.total.p95)} ms → **${at.total.p95 <= goal ? 'met' : 'not met'}**.`
        : `- Search p95 ≤ ${goal} ms at ${k(GOALS.atChunks)} chunks on ${run.db}, ${oursName(run)}: not measured in this run (largest: ${k(run.latency.at(-1)?.chunks ?? 0)}).`,
    );
  }
  return lines;
}

function slowestSection(runs: PipelineRun[]): string {
  const parts: string[] = [];
  for (const run of runs.filter((r) => r.pipeline === 'ours')) {
    const l = run.latency.at(-1);
    if (!l) continue;
    parts.push(`- ${run.db} @ ${k(l.chunks)}, ${oursName(run)}: slowest hybrid queries ${l.slowest.map((s) => `${ms(s.ms)} ms «${s.query}»`).join('; ')}`);
    for (const e of l.explains) {
      parts.push(`\n<details><summary>EXPLAIN ANALYZE, ${run.db} @ ${k(l.chunks)}, channel ${e.label} (${ms(e.ms)} ms when timed): «${e.query}»</summary>\n\n\`\`\`\n${e.plan}\n\`\`\`\n</details>\n`);
    }
  }
  return parts.join('\n');
}

export function renderReport(r: BenchReport): string {
  const m = r.machine;
  const dbVersions = [
    r.server ? `PostgreSQL ${r.server.server} + pgvector ${r.server.vector ?? '?'} (server, same machine)` : undefined,
    (() => {
      const v = r.runs.find((x) => x.pipeline === 'ours' && x.db === 'pglite')?.versions;
      return v ? `PGlite ${m.pglite} (PostgreSQL ${v.postgres} + pgvector ${v.vector ?? '?'})` : `PGlite ${m.pglite}`;
    })(),
  ].filter(Boolean);
  const minutes = ((r.finishedAt.getTime() - r.startedAt.getTime()) / 60_000).toFixed(1);
  return [
    `## ${r.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC — retrieval benchmark (${r.mode})`,
    '',
    `- Command: \`${r.command}\` (took ${minutes} min)`,
    codeLine(r.code),
    `- Machine: ${m.cores} × ${m.cpu}, ${m.ramGiB.toFixed(1)} GiB RAM, ${m.os}, Node ${m.node}; ${dbVersions.join('; ')}`,
    loadAverageLine(m, r.loadAverageEnd),
    `- Settings: ${r.settings}`,
    `- Corpus: ${r.corpus}`,
    `- Queries: ${r.queries}`,
    ...r.notes.map((n) => `- ${n}`),
    '',
    '### Goals',
    '',
    ...goalLines(r.runs),
    '',
    '### Ingestion (same files for both pipelines; FAQ files loaded beforehand, untimed)',
    '',
    ingestionTable(r.runs),
    '',
    '### Search latency, ms (sequential queries after warm-up, ANALYZE after loading)',
    '',
    latencyTable(r.runs),
    '',
    '### Our channels, p50 / p95 ms (each channel call replayed alone with the arguments searchKnowledge gave it; text and code run in the process and include the revision check, one SQL round trip)',
    '',
    channelTable(r.runs),
    '',
    '### In-memory lexical index (after warm-up at each size)',
    '',
    lexicalTable(r.runs),
    '',
    slowestSection(r.runs),
    '',
  ].join('\n');
}
