import type http from 'node:http';
import { fakeVector } from './fake-vectors.js';
import { HttpFake, sendJson, type RecordedRequest } from './http-fake.js';
import { groundedScript, tokenPieces, type ChatMessage, type ChatScript } from './fake-chat-script.js';

/**
 * A fake Ollama server on a local port, speaking its real wire protocol so `@langchain/ollama`
 * (and the `ollama` client under it) run unmodified: `POST /api/embed` with `{ model, input }`.
 */

export interface FakeOllamaOptions {
  dimension?: number;
  /** Models the server "has pulled"; others get Ollama's 404. Any model when unset. */
  models?: string[];
  tokenDelayMs?: number;
}

interface EmbedRequest {
  model?: string;
  input?: string | string[];
}

export class FakeOllamaServer {
  readonly http = new HttpFake();
  /** Answer vectors of this size whatever was configured, to test dimension checks. */
  forcedDimension?: number;

  private constructor(private readonly opts: FakeOllamaOptions) {
    this.http.route('POST', '/api/embed', (req, res) => this.embed(req, res));
    this.http.route('POST', '/api/chat', (req, res) => this.chat(req, res));
  }

  script: ChatScript = groundedScript;

  /** `/api/chat`: NDJSON lines of `{ message: { content } , done: false }`, then a `done: true` line with counts. */
  private async chat(req: RecordedRequest, res: http.ServerResponse): Promise<void> {
    const body = (req.body ?? {}) as { model?: string; messages?: ChatMessage[]; stream?: boolean };
    if (!body.model || !Array.isArray(body.messages)) return sendJson(res, 400, { error: 'model and messages are required' });
    if (this.opts.models && !this.opts.models.includes(body.model))
      return sendJson(res, 404, { error: `model "${body.model}" not found, try pulling it first` });
    const answer = this.script(body.messages);
    const created_at = new Date().toISOString();
    const final = { model: body.model, created_at, message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop',
      total_duration: 1_000_000, load_duration: 1000, prompt_eval_count: Math.ceil(JSON.stringify(body.messages).length / 4), eval_count: tokenPieces(answer).length };
    if (body.stream === false) return sendJson(res, 200, { ...final, message: { role: 'assistant', content: answer } });
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    for (const piece of tokenPieces(answer)) {
      if (this.opts.tokenDelayMs) await new Promise((r) => setTimeout(r, this.opts.tokenDelayMs));
      if (res.destroyed) return;
      res.write(`${JSON.stringify({ model: body.model, created_at, message: { role: 'assistant', content: piece }, done: false })}\n`);
    }
    res.end(`${JSON.stringify(final)}\n`);
  }

  static async start(opts: FakeOllamaOptions = {}): Promise<FakeOllamaServer> {
    const server = new FakeOllamaServer(opts);
    await server.http.listen();
    return server;
  }

  /** The value for OLLAMA_BASE_URL. */
  get baseUrl(): string {
    return this.http.url;
  }

  get requests(): RecordedRequest[] {
    return this.http.requests;
  }

  /** The next `times` requests fail with `status` and Ollama's `{ error }` body. */
  fail(status: number, times = 1): void {
    this.http.failNext({ status, body: { error: `fake ollama failure ${status}` } }, times);
  }

  reset(): void {
    this.http.clearFailures();
    this.http.requests.length = 0;
    this.forcedDimension = undefined;
    this.script = groundedScript;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private embed(req: RecordedRequest, res: http.ServerResponse): void {
    const body = (req.body ?? {}) as EmbedRequest;
    if (!body.model) return sendJson(res, 400, { error: 'model is required' });
    if (this.opts.models && !this.opts.models.includes(body.model))
      return sendJson(res, 404, { error: `model "${body.model}" not found, try pulling it first` });
    const inputs = typeof body.input === 'string' ? [body.input] : (body.input ?? []);
    const size = this.forcedDimension ?? this.opts.dimension ?? 768;
    sendJson(res, 200, {
      model: body.model,
      embeddings: inputs.map((text) => fakeVector(text, size)),
      total_duration: 1_000_000,
      load_duration: 100_000,
      prompt_eval_count: inputs.reduce((n, t) => n + t.length, 0),
    });
  }
}
