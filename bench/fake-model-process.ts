/**
 * The fake OpenAI server of the tests (`test/fakes/fake-openai-server.ts`: real wire protocol,
 * streamed chunks with `tokenDelayMs` between tokens) in a process of its own, so the model's
 * pace does not depend on the service's event loop. It records, per request, how long the
 * "model" itself took: to its first content chunk for a streamed answer, to the response for
 * a plain one (the follow-up rewriter, the summariser). The service tags each request with the
 * turn it belongs to (header `x-bench-turn`, set by the benchmark around `fetch`).
 *
 * IPC: `{ type: 'start', tokenDelayMs }` → `{ type: 'ready', baseUrl }`;
 *      `{ type: 'records' }` → `{ type: 'records', records }` (and forgets them).
 */
import type http from 'node:http';
import { FakeOpenAIServer } from '../test/fakes/fake-openai-server.js';
import type { RecordedRequest } from '../test/fakes/http-fake.js';

export interface ModelRecord {
  turn: string | undefined;
  purpose: 'answer' | 'rewrite' | 'summary' | 'other';
  stream: boolean;
  /** Time from the request (body read) to the first non-empty content chunk written, ms. */
  firstContentMs?: number;
  /** Time to the end of the response, ms. */
  endMs: number;
  status: number;
}

const BENCH_HEADER = 'x-bench-turn';
let records: ModelRecord[] = [];
/** CPU of this process since the last `records` request: the fake shares the machine with the service. */
let cpuSince = process.cpuUsage();

function purposeOf(body: any): ModelRecord['purpose'] {
  const prompt = JSON.stringify(body?.messages ?? '');
  if (/stand-alone search query|检索问题/.test(prompt)) return 'rewrite';
  if (/Update the summary|更新一段客服对话的摘要/.test(prompt)) return 'summary';
  if (/<passage|\(none\)/.test(prompt)) return 'answer';
  return 'other';
}

async function start(tokenDelayMs: number): Promise<string> {
  const fake = await FakeOpenAIServer.start({ tokenDelayMs });
  // The fake keeps every request for tests to inspect; a benchmark would grow without bound.
  const requests = fake.http.requests;
  // Wrap the chat route: time the fake's own work, then let the real handler answer.
  const chat = (fake as unknown as { chat(req: RecordedRequest, res: http.ServerResponse): Promise<void> }).chat.bind(fake);
  fake.http.route('POST', '/v1/chat/completions', async (req, res) => {
    requests.length = 0;
    const t0 = performance.now();
    const body = req.body as { stream?: boolean } | undefined;
    const rec: ModelRecord = {
      turn: req.headers[BENCH_HEADER] as string | undefined,
      purpose: purposeOf(body),
      stream: !!body?.stream,
      endMs: 0,
      status: 0,
    };
    const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (rec.firstContentMs === undefined && typeof chunk === 'string' && /"delta":\{"content":"[^"]/.test(chunk)) rec.firstContentMs = performance.now() - t0;
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.once('close', () => {
      rec.endMs = performance.now() - t0;
      rec.status = res.writableFinished ? res.statusCode : -1; // -1: the client went away
      records.push(rec);
    });
    await chat(req, res);
  });
  return fake.baseUrl;
}

process.on('message', (msg: { type: string; tokenDelayMs?: number }) => {
  if (msg.type === 'start') {
    start(msg.tokenDelayMs ?? 20).then(
      (baseUrl) => process.send!({ type: 'ready', baseUrl }),
      (err) => process.send!({ type: 'error', message: String(err) }),
    );
  } else if (msg.type === 'records') {
    const cpu = process.cpuUsage(cpuSince);
    cpuSince = process.cpuUsage();
    process.send!({ type: 'records', records, cpuMs: (cpu.user + cpu.system) / 1000 });
    records = [];
  }
});
process.on('disconnect', () => process.exit(0));
