import fs from 'node:fs';
import path from 'node:path';
import type { CodeVersion, MachineInfo } from './machine-info.js';

/** Markdown helpers shared by the benchmarks that append a section to `docs/benchmarks.md`. */

export const ms = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : '–');
export const int = (x: number) => Math.round(x).toLocaleString('en-US');

export const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map((h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** The "Code:" line: the commit and any uncommitted change in the measured code. */
export function codeLine(code: CodeVersion): string {
  return `- Code: commit \`${code.commit}\`${code.modified.length ? `, with uncommitted changes in ${code.modified.map((f) => `\`${f}\``).join(', ')}` : ', clean src/ ingest/ migrations/'}`;
}

export function loadAverageLine(machine: MachineInfo, end: number[]): string {
  return `- Load average (1/5/15 min) at start ${machine.loadAverage.map((x) => x.toFixed(2)).join(' / ')}, at end ${end.map((x) => x.toFixed(2)).join(' / ')}`;
}

const HEADER = `# Benchmarks

Sections are appended by \`npm run bench\` (\`bench/retrieval-bench.ts\`) and \`npm run bench:chat\`
(\`bench/chat-bench.ts\`), newest last. Each one records the command, the commit and the machine;
figures from different machines or a busy machine (see the load average) are not comparable. The
test suite never asserts on timings.
`;

export function appendReport(file: string, markdown: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file) || !fs.readFileSync(file, 'utf8').trim()) fs.writeFileSync(file, `${HEADER}\n`);
  fs.appendFileSync(file, `${markdown}\n`);
}
