import { headlineMetrics, lowerIsBetter, type GateReport, type Thresholds } from './gate.js';

/**
 * One self-contained HTML report (inline CSS and SVG, no script, no external asset) from the
 * report objects the runners return: per suite its failures first, a metrics table (overall and
 * per slice, beside the same suite's other pipelines and a `--compare` baseline run), a reliability
 * plot (confidence bucket vs observed correctness) and, for intent and sentiment, a confusion matrix.
 */

type Metrics = Record<string, unknown>;
interface ReliabilityRow { bucket: string; cases: number; meanConfidence: number; observedCorrect: number }
interface Confusion { gold: string; pred: string; count: number }
/** Loose view of any suite report (retrieval, answers, sentiment, intent) or its JSON. */
export interface AnyReport extends GateReport {
  cases?: number;
  by_lang?: Record<string, Metrics>;
  by_source?: Record<string, Metrics>;
  by_domain?: Record<string, Metrics>;
  /** Chat behaviour suites: per `meta.ambiguity`, expected tone or expected handoff reason. */
  by_slice?: Record<string, Metrics>;
  failures?: Array<Record<string, unknown>>;
  reliability?: { rows: ReliabilityRow[]; ece: number };
  confusion?: Confusion[];
  emotion_confusion?: Confusion[];
  answers?: { answers?: Metrics; escalate_declined?: number | null; reliability?: { rows: ReliabilityRow[]; ece: number }; failures?: Array<Record<string, unknown>> } | null;
}

export function escapeHtml(x: unknown): string {
  return String(x ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? (Number.isInteger(x) ? String(x) : x.toFixed(3)) : '–');
const text = (x: unknown): string => (x === undefined || x === null ? '' : typeof x === 'string' ? x : JSON.stringify(x));

const MAX_FAILURES = 200;
const MAX_MATRIX = 15;

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.4em}h2{margin-top:2em;border-bottom:2px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:2px 6px;text-align:right;vertical-align:top}
th{background:#f3f3f3}td.l,th.l{text-align:left}td.q{text-align:left;max-width:40em;white-space:pre-wrap;word-break:break-word}
.bad{background:#fde2e2}.good{background:#e2f5e2}.muted{color:#888}.fail{color:#b00;font-weight:bold}.pass{color:#070;font-weight:bold}
details{margin:.5em 0}summary{cursor:pointer;font-weight:bold}svg{background:#fff;border:1px solid #ddd}`;

export function renderHtmlReport(reports: AnyReport[], opts: { title?: string; baseline?: GateReport[]; thresholds?: Thresholds } = {}): string {
  const title = opts.title ?? 'Eval report';
  const suites = [...new Set(reports.map((r) => r.suite))];
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    summaryTable(reports, opts.thresholds),
    ...suites.map((s) => suiteSection(s, reports.filter((r) => r.suite === s), opts)),
  ].join('\n');
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${CSS}</style></head>\n<body>\n${body}\n</body></html>\n`;
}

function summaryTable(reports: AnyReport[], thresholds?: Thresholds): string {
  const rows = reports.map((r) => {
    const m = headlineMetrics(r);
    const mins = thresholds?.suites[r.suite] ?? {};
    const gated = thresholds && (thresholds.pipelines ? thresholds.pipelines.includes(r.pipeline) : r.pipeline !== 'langchain-baseline');
    const misses = gated ? Object.entries(mins).filter(([k, v]) => (m[k] === undefined ? true : lowerIsBetter(k) ? m[k] > v : m[k] < v)).map(([k]) => k) : [];
    const gate = !gated || !Object.keys(mins).length ? '<span class="muted">–</span>' : misses.length ? `<span class="fail">FAIL ${escapeHtml(misses.join(', '))}</span>` : '<span class="pass">pass</span>';
    const key = Object.keys(m).slice(0, 4).map((k) => `${escapeHtml(k)} ${num(m[k])}`).join(' · ');
    return `<tr><td class="l"><a href="#${anchor(r.suite)}">${escapeHtml(r.suite)}</a></td><td class="l">${escapeHtml(r.kind)}</td><td class="l">${escapeHtml(r.pipeline)}</td><td>${num(r.cases ?? r.metrics.cases)}</td><td>${(r.failures ?? []).length}</td><td class="l">${key}</td><td class="l">${gate}</td></tr>`;
  });
  return `<table><tr><th class="l">suite</th><th class="l">kind</th><th class="l">pipeline</th><th>cases</th><th>failures</th><th class="l">headline</th><th class="l">gate</th></tr>\n${rows.join('\n')}</table>`;
}

const anchor = (s: string) => 'suite-' + s.replace(/[^A-Za-z0-9_-]/g, '_');

function suiteSection(suite: string, rs: AnyReport[], opts: { baseline?: GateReport[] }): string {
  const kind = rs[0]!.kind;
  const parts = [`<h2 id="${anchor(suite)}">${escapeHtml(suite)} <span class="muted">(${escapeHtml(kind)})</span></h2>`];
  for (const r of rs) parts.push(failuresTable(r));
  parts.push(metricsTable(rs, opts.baseline));
  for (const r of rs) {
    const rel = r.reliability ?? r.answers?.reliability;
    if (rel?.rows.length) parts.push(`<h3>Reliability: ${escapeHtml(r.pipeline)} (ECE ${num(rel.ece)})</h3>${reliabilitySvg(rel.rows)}`);
    if (r.confusion?.length) parts.push(`<h3>Confusion matrix: ${escapeHtml(r.pipeline)}${kind === 'intent' ? ` (the ${MAX_MATRIX} most confused skills)` : ''}</h3>${confusionTable(r.confusion)}`);
    if (r.emotion_confusion?.length) parts.push(`<h3>Emotion confusion matrix: ${escapeHtml(r.pipeline)}</h3>${confusionTable(r.emotion_confusion)}`);
  }
  return parts.join('\n');
}

/** Failures first: question / text, expected, got, confidence (or rank, or score). */
function failuresTable(r: AnyReport): string {
  const retrieval = (r.failures ?? []).map((f) => ({ id: f.id, lang: f.lang, question: f.question ?? f.text, expected: f.expected, got: f.got, confidence: confidenceOf(f) }));
  const answers = (r.answers?.failures ?? []).map((f) => ({ id: f.id, lang: f.lang, question: f.question, expected: f.expected, got: f.got, confidence: f.confidence }));
  const block = (label: string, fs: typeof retrieval) => {
    if (!fs.length) return `<p class="muted">${escapeHtml(label)}: no failures</p>`;
    const rows = fs.slice(0, MAX_FAILURES).map((f) =>
      `<tr><td class="l">${escapeHtml(f.id)}</td><td class="l">${escapeHtml(f.lang)}</td><td class="q">${escapeHtml(text(f.question))}</td><td class="q">${escapeHtml(text(f.expected))}</td><td class="q">${escapeHtml(text(f.got))}</td><td>${typeof f.confidence === 'string' ? escapeHtml(f.confidence) : num(f.confidence)}</td></tr>`);
    const more = fs.length > MAX_FAILURES ? `<p class="muted">… ${fs.length - MAX_FAILURES} more in the JSON report</p>` : '';
    return `<details open><summary>${escapeHtml(label)}: ${fs.length} failures</summary><table><tr><th class="l">id</th><th class="l">lang</th><th class="l">question</th><th class="l">expected</th><th class="l">got</th><th>confidence</th></tr>\n${rows.join('\n')}</table>${more}</details>`;
  };
  return [block(`${r.pipeline}`, retrieval), ...(r.answers ? [block(`${r.pipeline} answers`, answers)] : [])].join('\n');
}

function confidenceOf(f: Record<string, unknown>): unknown {
  const got = f.got as Record<string, unknown> | undefined;
  if (typeof f.confidence === 'number') return f.confidence;
  if (got && typeof got === 'object' && !Array.isArray(got)) return got.confidence ?? got.score;
  return f.rank === null ? 'not in top 10' : f.rank !== undefined ? `rank ${f.rank}` : undefined;
}

/** Rows: pipeline × slice; columns: headline metrics; a `--compare` baseline run beside ours with the change. */
function metricsTable(rs: AnyReport[], baseline?: GateReport[]): string {
  const cols = [...new Set(rs.flatMap((r) => Object.keys(headlineMetrics(r))))];
  const head = `<tr><th class="l">pipeline</th><th class="l">slice</th><th>cases</th>${cols.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const rows: string[] = [];
  for (const r of rs) {
    // Another sample (different case count) is not comparable.
    const before = baseline?.find((b) => b.suite === r.suite && b.pipeline === r.pipeline && (b.cases === undefined || r.cases === undefined || b.cases === r.cases));
    const prev = before ? headlineMetrics(before) : undefined;
    const cell = (m: Record<string, unknown>, c: string, p?: Record<string, number>) => {
      const v = m[c];
      if (!p || typeof v !== 'number' || p[c] === undefined) return `<td>${num(v)}</td>`;
      const d = v - p[c]!;
      const gain = lowerIsBetter(c) ? -d : d;
      const cls = Math.abs(d) < 1e-9 ? '' : gain > 0 ? ' class="good"' : ' class="bad"';
      return `<td${cls}>${num(v)} <span class="muted">(was ${num(p[c])})</span></td>`;
    };
    const all = { ...headlineMetrics(r) };
    rows.push(`<tr><td class="l">${escapeHtml(r.pipeline)}</td><td class="l"><b>all</b></td><td>${num(r.cases ?? r.metrics.cases)}</td>${cols.map((c) => cell(all, c, prev)).join('')}</tr>`);
    const slices = { ...(r.by_lang ?? {}), ...(r.by_source ?? {}), ...(r.by_domain ?? {}), ...(r.by_slice ?? {}) };
    const answerSlices = { ...((r.answers as { by_lang?: Record<string, Metrics> } | undefined)?.by_lang ?? {}), ...((r.answers as { by_source?: Record<string, Metrics> } | undefined)?.by_source ?? {}) };
    for (const [k, m] of Object.entries(slices)) {
      const merged = { ...m, ...(answerSlices[k] ?? {}) };
      rows.push(`<tr><td></td><td class="l">${escapeHtml(k)}</td><td>${num(m.cases)}</td>${cols.map((c) => cell(merged, c)).join('')}</tr>`);
    }
  }
  return `<h3>Metrics</h3><table>${head}\n${rows.join('\n')}</table>`;
}

/** Mean predicted confidence per bucket (x) against observed correctness (y), the diagonal is perfect calibration. */
export function reliabilitySvg(rows: ReliabilityRow[]): string {
  const W = 320, H = 320, P = 40, S = W - 2 * P;
  const x = (v: number) => P + v * S;
  const y = (v: number) => H - P - v * S;
  const maxCases = Math.max(1, ...rows.map((r) => r.cases));
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const grid = ticks.map((t) =>
    `<line x1="${x(t)}" y1="${y(0)}" x2="${x(t)}" y2="${y(1)}" stroke="#eee"/><line x1="${x(0)}" y1="${y(t)}" x2="${x(1)}" y2="${y(t)}" stroke="#eee"/>` +
    `<text x="${x(t)}" y="${H - P + 14}" font-size="10" text-anchor="middle">${t}</text><text x="${P - 4}" y="${y(t) + 3}" font-size="10" text-anchor="end">${t}</text>`).join('');
  const bars = rows.map((r) => {
    const lo = Number.parseFloat(r.bucket) || 0;
    const h = (r.cases / maxCases) * S * 0.25;
    return `<rect x="${x(lo) + 1}" y="${y(0) - h}" width="${S / 10 - 2}" height="${h}" fill="#dde6f5"><title>${escapeHtml(r.bucket)}: ${r.cases} cases</title></rect>`;
  }).join('');
  const pts = rows.map((r) => `${x(r.meanConfidence).toFixed(1)},${y(r.observedCorrect).toFixed(1)}`).join(' ');
  const dots = rows.map((r) => `<circle cx="${x(r.meanConfidence).toFixed(1)}" cy="${y(r.observedCorrect).toFixed(1)}" r="${3 + 4 * Math.sqrt(r.cases / maxCases)}" fill="#2a6fdb"><title>${escapeHtml(r.bucket)}: ${r.cases} cases, mean confidence ${num(r.meanConfidence)}, observed correct ${num(r.observedCorrect)}</title></circle>`).join('');
  return `<svg class="reliability" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="reliability plot">` +
    grid + bars +
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#999" stroke-dasharray="4 3"/>` +
    `<polyline points="${pts}" fill="none" stroke="#2a6fdb" stroke-width="1.5"/>${dots}` +
    `<text x="${W / 2}" y="${H - 6}" font-size="11" text-anchor="middle">confidence (bucket mean)</text>` +
    `<text x="12" y="${H / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${H / 2})">observed correct</text></svg>`;
}

/** Gold labels as rows, predictions as columns; many labels: only the most confused ones, the rest pooled as `(other)`. */
export function confusionTable(pairs: Confusion[]): string {
  const errors = new Map<string, number>();
  for (const p of pairs) if (p.gold !== p.pred) for (const l of [p.gold, p.pred]) errors.set(l, (errors.get(l) ?? 0) + p.count);
  let labels = [...new Set(pairs.flatMap((p) => [p.gold, p.pred]))].sort();
  const pooled = labels.length > MAX_MATRIX;
  if (pooled) labels = [...labels].sort((a, b) => (errors.get(b) ?? 0) - (errors.get(a) ?? 0) || a.localeCompare(b)).slice(0, MAX_MATRIX).sort();
  const OTHER = '(other)';
  const keep = (l: string) => (labels.includes(l) ? l : OTHER);
  const axis = pooled ? [...labels, OTHER] : labels;
  const counts = new Map<string, number>();
  for (const p of pairs) {
    const k = `${keep(p.gold)}\0${keep(p.pred)}`;
    counts.set(k, (counts.get(k) ?? 0) + p.count);
  }
  const max = Math.max(1, ...[...counts].filter(([k]) => !k.startsWith(OTHER + '\0') && !k.endsWith('\0' + OTHER)).map(([, v]) => v));
  const head = `<tr><th class="l">gold \\ predicted</th>${axis.map((l) => `<th>${escapeHtml(l)}</th>`).join('')}</tr>`;
  const rows = axis.map((g) => {
    const cells = axis.map((p) => {
      const v = counts.get(`${g}\0${p}`) ?? 0;
      const a = Math.min(1, v / max);
      const bg = !v ? '' : g === p ? ` style="background:rgba(40,160,60,${(0.15 + 0.6 * a).toFixed(2)})"` : ` style="background:rgba(220,50,50,${(0.15 + 0.6 * a).toFixed(2)})"`;
      return `<td${bg}>${v || ''}</td>`;
    });
    return `<tr><th class="l">${escapeHtml(g)}</th>${cells.join('')}</tr>`;
  });
  return `<table class="confusion">${head}\n${rows.join('\n')}</table>`;
}
