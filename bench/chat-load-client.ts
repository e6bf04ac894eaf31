/**
 * The chat benchmark's customers, in a process of their own so that parsing 100 SSE streams
 * does not run on the service's event loop and is not counted in its memory. Started by
 * `chat-bench.ts` with `fork`; takes `LoadRequest`s over IPC and answers `LoadResult`s.
 *
 * Each of `concurrency` workers opens a conversation (POST /v1/conversations), then sends its
 * script's messages one after the other (POST …/messages with Accept: text/event-stream), then
 * opens the next conversation, until `streams` messages have been sent in all.
 */
import http from 'node:http';
import type { LoadRequest, LoadResult, StreamResult } from './chat-load-protocol.js';

/** When each new connection's TCP handshake completed (kernel side: the server may accept it later). */
let connects: number[] = [];
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });

function postJson(url: string, body: unknown, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length }, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.on('socket', (sock) => {
      if (sock.connecting) sock.once('connect', () => connects.push(performance.timeOrigin + performance.now()));
    });
    req.end(payload);
  });
}

/** One customer message over SSE, timed from the moment the request is written. */
function stream(url: string, content: string, timeoutMs: number): Promise<Omit<StreamResult, 'conversationId' | 'turn' | 'lang' | 'question'>> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const r: Omit<StreamResult, 'conversationId' | 'turn' | 'lang' | 'question'> = { status: 0, sentEpoch: performance.timeOrigin + t0, endMs: 0, deltas: 0, answerChars: 0 };
    let settled = false;
    const finish = (failure?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      r.endMs = performance.now() - t0;
      if (!failure && r.doneMs === undefined) failure = 'no done event';
      if (failure) r.failure = failure;
      resolve(r);
    };
    const payload = Buffer.from(JSON.stringify({ content }));
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'content-length': payload.length } },
      (res) => {
        r.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        if (r.status !== 200) {
          let text = '';
          res.on('data', (c: string) => (text += c));
          res.on('end', () => finish(`HTTP ${r.status} ${text.slice(0, 200)}`));
          return;
        }
        let buffer = '';
        res.on('data', (chunk: string) => {
          const now = performance.now() - t0;
          buffer += chunk;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data.push(line.slice(6));
            }
            if (!data.length) continue; // heartbeat comment
            if (event === 'meta') r.metaMs ??= now;
            else if (event === 'delta') {
              r.firstDeltaMs ??= now;
              r.deltas++;
              try {
                r.answerChars += String((JSON.parse(data.join('\n')) as { text?: string }).text ?? '').length;
              } catch {
                /* counted as a delta all the same */
              }
            } else if (event === 'done') {
              r.doneMs = now;
              const d = JSON.parse(data.join('\n')) as { kind: string; latencyMs: number; timings: Record<string, number> };
              r.done = { kind: d.kind, latencyMs: d.latencyMs, timings: d.timings };
            } else if (event === 'error') {
              const e = JSON.parse(data.join('\n')) as { code?: string; message?: string };
              r.failure = `error event ${e.code ?? ''}: ${e.message ?? ''}`;
            }
          }
        });
        res.on('end', () => finish(r.failure));
        res.on('error', (err) => finish(`response error: ${err.message}`));
      },
    );
    req.on('socket', (sock) => {
      if (sock.connecting) sock.once('connect', () => connects.push(performance.timeOrigin + performance.now()));
    });
    const timer = setTimeout(() => {
      req.destroy(new Error('timeout'));
      finish(`timeout after ${timeoutMs} ms`);
    }, timeoutMs);
    req.on('error', (err) => finish(`request error: ${err.message}`));
    req.end(payload);
  });
}

async function run(q: LoadRequest): Promise<LoadResult> {
  const results: StreamResult[] = [];
  const opens: number[] = [];
  const openFailures: string[] = [];
  const openLog: LoadResult['openLog'] = [];
  let issued = 0;
  let nextScript = q.scriptOffset;
  const started = performance.now();
  const cpu0 = process.cpuUsage();

  const worker = async (_: unknown, i: number) => {
    if (q.rampMs) await new Promise((r) => setTimeout(r, (i * q.rampMs) / q.concurrency));
    while (issued < q.streams) {
      const script = q.scripts[nextScript++ % q.scripts.length]!;
      const t = performance.now();
      let id: string;
      try {
        const res = await postJson(`${q.baseUrl}/v1/conversations`, { knowledgeBaseId: q.knowledgeBase, channel: 'bench', language: 'auto' }, q.timeoutMs);
        if (res.status !== 201) throw new Error(`HTTP ${res.status} ${res.body.slice(0, 200)}`);
        id = (JSON.parse(res.body) as { id: string }).id;
        opens.push(performance.now() - t);
        openLog.push({ sentEpoch: performance.timeOrigin + t, ms: performance.now() - t });
      } catch (err) {
        openFailures.push((err as Error).message);
        openLog.push({ sentEpoch: performance.timeOrigin + t, ms: performance.now() - t, failure: (err as Error).message });
        if (issued >= q.streams) break;
        issued++; // a conversation that cannot be opened costs the stream it was for
        results.push({ conversationId: '', turn: 0, lang: script.lang, question: script.turns[0]!, status: 0, sentEpoch: performance.timeOrigin + t, endMs: performance.now() - t, deltas: 0, answerChars: 0, failure: `open failed: ${(err as Error).message}` });
        continue;
      }
      for (let turn = 0; turn < script.turns.length && issued < q.streams; turn++) {
        issued++;
        const question = script.turns[turn]!;
        const r = await stream(`${q.baseUrl}/v1/conversations/${id}/messages`, question, q.timeoutMs);
        results.push({ conversationId: id, turn, lang: script.lang, question, ...r });
      }
    }
  };
  await Promise.all(Array.from({ length: q.concurrency }, worker));
  const connected = connects;
  connects = [];
  const cpu = process.cpuUsage(cpu0);
  return { type: 'result', connects: connected, streams: results, opens, openFailures, openLog, wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
}

process.on('message', (msg: LoadRequest) => {
  if (msg?.type !== 'run') return;
  run(msg).then(
    (result) => process.send!(result),
    (err) => process.send!({ type: 'error', message: (err as Error).stack ?? String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
