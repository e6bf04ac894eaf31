import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { codeVersion, machineInfo } from './machine-info.js';
import { codeLine, loadAverageLine, table } from './report-markdown.js';
import type { ModelRecord } from './fake-model-process.js';

/**
 * 1,000 SSE clients that hang up mid-stream, several rounds (`npm run bench:sse-disconnect`):
 * half send a customer message with `Accept: text/event-stream` and close the socket after the
 * first delta (the answer comes from the fake OpenAI model, a token every --token-delay ms, in
 * its own process, so it is still streaming); half open a conversation's live stream and close
 * it after the first bytes. The service runs in its own process (--expose-gc); after each round,
 * once every turn has settled, it reports its active handles by type, its open sockets and its
 * memory after full GCs. No growth from round to round = nothing left behind by the clients
 * that went away. Appends the table to docs/reliability.md.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '200' },
    'token-delay': { type: 'string', default: '40' },
    'db-url': { type: 'string', default: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    'no-append': { type: 'boolean', default: false },
  },
});
const clients = Number(values.clients);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);

class Child {
  readonly proc: ChildProcess;
  private waiting: Array<{ type: string; resolve: (m: any) => void; reject: (e: Error) => void }> = [];
  constructor(file: string, execArgv: string[] = []) {
    this.proc = fork(path.join(HERE, file), [], { cwd: ROOT, execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.proc.on('message', (m: { type: string; message?: string }) => {
      const i = this.waiting.findIndex((w) => w.type === m.type || m.type === 'error');
      if (i < 0) return;
      const [w] = this.waiting.splice(i, 1);
      if (m.type === 'error') w!.reject(new Error(`${file}: ${m.message}`));
      else w!.resolve(m);
    });
  }
  request<T>(msg: object, reply: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ type: reply, resolve, reject });
      this.proc.send(msg);
    });
  }
  stop() {
    if (this.proc.connected) this.proc.disconnect();
  }
}

interface Stats {
  resources: Record<string, number>;
  memory: NodeJS.MemoryUsage;
  connections: number;
  turns: Record<string, number>;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

function postJson(base: string, p: string, body: unknown): Promise<any> {
  return fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
}

/** Opens a stream, waits for `until` in what arrives, then destroys the socket: a browser tab closed mid-answer. */
function hangUp(url: string, opts: { method: string; body?: string; until: RegExp }): Promise<'hung-up' | 'ended' | string> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const req = http.request(
      { agent, host: u.hostname, port: u.port, path: u.pathname, method: opts.method, headers: { accept: 'text/event-stream', ...(opts.body ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return resolve(`http ${res.statusCode}`);
        }
        let seen = '';
        res.on('data', (b: Buffer) => {
          seen += b.toString();
          if (opts.until.test(seen)) {
            req.destroy();
            resolve('hung-up');
          }
        });
        res.on('end', () => resolve('ended'));
        res.on('error', () => undefined);
      },
    );
    req.on('error', () => resolve('hung-up'));
    req.setTimeout(30_000, () => req.destroy());
    req.end(opts.body);
  });
}

async function round(base: string, conversations: string[]): Promise<Record<string, number>> {
  const outcomes: Record<string, number> = {};
  const free = [...conversations];
  let next = 0;
  const worker = async () => {
    while (next < clients) {
      const i = next++;
      const conversation = free.shift()!;
      const r =
        i % 2 === 0
          ? await hangUp(`${base}/v1/conversations/${conversation}/messages`, { method: 'POST', body: JSON.stringify({ content: i % 4 === 0 ? 'How long does delivery take?' : 'LM-S12 支持 NFC 吗？' }), until: /event: delta/ })
          : await hangUp(`${base}/v1/conversations/${conversation}/stream`, { method: 'GET', until: /./ });
      const kind = `${i % 2 === 0 ? 'answer' : 'live'} ${r}`;
      outcomes[kind] = (outcomes[kind] ?? 0) + 1;
      free.push(conversation);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}

async function settled(service: Child): Promise<Stats> {
  // Every turn a client abandoned ends as cancelled; wait until none is still streaming.
  for (let i = 0; i < 60; i++) {
    const s = await service.request<Stats>({ type: 'stats' }, 'stats');
    if (!s.turns.streaming && s.connections === 0) {
      // Pools keep idle connections a while (pg: 10 s, the model client's keep-alive: 4 s):
      // measured after they had the time to close, so what stays is what nothing released.
      await new Promise((r) => setTimeout(r, 12_000));
      return service.request<Stats>({ type: 'stats' }, 'stats');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return service.request<Stats>({ type: 'stats' }, 'stats');
}

async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `kefu_sse_${Date.now()}`;
  const run = async (url: string, sql: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await run(values['db-url']!, `CREATE DATABASE ${name}`);
  const url = new URL(values['db-url']!);
  url.pathname = `/${name}`;
  await run(url.href, 'CREATE EXTENSION IF NOT EXISTS vector; CREATE EXTENSION IF NOT EXISTS pg_trgm;');
  try {
    return await fn(url.href);
  } finally {
    await run(values['db-url']!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

const machine = machineInfo();
const model = new Child('fake-model-process.ts');
const result = await withDatabase(async (dbUrl) => {
  const modelUrl = (await model.request<{ baseUrl: string }>({ type: 'start', tokenDelayMs: Number(values['token-delay']) }, 'ready')).baseUrl;
  const service = new Child('sse-service-process.ts', ['--expose-gc']);
  try {
    const { url } = await service.request<{ url: string }>(
      {
        type: 'start',
        env: { DATABASE_URL: dbUrl, ANSWERER: 'openai', CHAT_MODEL: 'gpt-fake', OPENAI_BASE_URL: modelUrl, OPENAI_API_KEY: 'sk-bench', ESCALATION_ENABLED: 'false', SSE_HEARTBEAT_MS: '1000', CHAT_MAX_CONCURRENT_TURNS: '1000' },
      },
      'ready',
    );
    const conversations: string[] = [];
    for (let i = 0; i < concurrency; i++) conversations.push((await postJson(url, '/v1/conversations', { knowledgeBaseId: 'demo' })).id);
    // Warm-up: complete answers and a few streams, so JIT, pools and caches are in place before the baseline.
    for (let i = 0; i < 20; i++) await postJson(url, `/v1/conversations/${conversations[i]}/messages`, { content: 'LM-S12 支持 NFC 吗？' });
    await round(url, conversations.slice(0, 50)).catch(() => undefined);
    await model.request({ type: 'records' }, 'records');
    const rows: Array<{ phase: string; stats: Stats; outcomes?: Record<string, number>; upstreamAborted?: number; ms?: number }> = [{ phase: 'baseline (after warm-up)', stats: await settled(service) }];
    for (let r = 1; r <= rounds; r++) {
      const t0 = performance.now();
      const outcomes = await round(url, conversations);
      const ms = performance.now() - t0;
      const stats = await settled(service);
      const records = (await model.request<{ records: ModelRecord[] }>({ type: 'records' }, 'records')).records;
      rows.push({ phase: `after round ${r}`, stats, outcomes, upstreamAborted: records.filter((x) => x.purpose === 'answer' && x.status === -1).length, ms });
      process.stderr.write(`round ${r}: ${JSON.stringify(outcomes)} in ${(ms / 1000).toFixed(1)} s; ${JSON.stringify(stats.resources)}; heap ${(stats.memory.heapUsed / 2 ** 20).toFixed(1)} MB\n`);
    }
    return rows;
  } finally {
    service.stop();
    await new Promise((r) => service.proc.once('exit', r));
  }
});
model.stop();

const kinds = [...new Set(result.flatMap((r) => Object.keys(r.stats.resources)))].sort();
const mb = (b: number) => (b / 2 ** 20).toFixed(1);
const t = table(
  ['phase', ...kinds.map((k) => `${k}`), 'open sockets', 'heap used MB', 'RSS MB', 'external MB', 'turns cancelled / complete', 'upstream model streams aborted'],
  result.map((r) => [
    r.phase, ...kinds.map((k) => String(r.stats.resources[k] ?? 0)), String(r.stats.connections), mb(r.stats.memory.heapUsed), mb(r.stats.memory.rss), mb(r.stats.memory.external),
    `${r.stats.turns.cancelled ?? 0} / ${r.stats.turns.complete ?? 0}`, r.upstreamAborted === undefined ? '' : String(r.upstreamAborted),
  ]),
);
const outcomeLines = result.filter((r) => r.outcomes).map((r) => `- ${r.phase.replace('after ', '')}: ${JSON.stringify(r.outcomes)} in ${((r.ms ?? 0) / 1000).toFixed(1)} s`);
console.log(`\n${t}\n${outcomeLines.join('\n')}`);
if (!values['no-append'])
  fs.appendFileSync(
    path.join(ROOT, 'docs/reliability.md'),
    [
      `\n### ${clients} SSE clients hanging up mid-stream, ${new Date().toISOString()}`,
      '',
      `- Command: \`npm run bench:sse-disconnect -- --clients ${clients} --rounds ${rounds} --concurrency ${concurrency} --token-delay ${values['token-delay']}\``,
      codeLine(codeVersion()),
      `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB.toFixed(1)} GiB, ${machine.os}, Node ${machine.node}`,
      loadAverageLine(machine, os.loadavg()),
      `- Service: its own process (--expose-gc; figures after 3 full GCs, 12 s after the last turn settled), PostgreSQL server, the fake OpenAI model in a third process (a token every ${values['token-delay']} ms)`,
      '',
      t,
      '',
      ...outcomeLines,
      '',
    ].join('\n'),
  );
