import type http from 'node:http';
import { fakeVector } from './fake-vectors.js';
import { HttpFake, sendJson, type RecordedRequest } from './http-fake.js';
import { groundedScript, tokenPieces, type ChatMessage, type ChatScript } from './fake-chat-script.js';

/**
 * A fake OpenAI API on a local port, speaking the real wire protocol so `@langchain/openai`
 * (and the `openai` SDK under it) run unmodified. Routes live in a small router so chat
 * completions and streaming can be added beside embeddings.
 */

export interface FakeOpenAIOptions {
  /** Vector size when the request does not ask for `dimensions` (text-embedding-ada-002 style). */
  dimension?: number;
  /** When set, requests without `Authorization: Bearer <apiKey>` get the real 401. */
  apiKey?: string;
  /** Delay between streamed chat chunks, like a model producing tokens. */
  tokenDelayMs?: number;
}

interface ChatRequest {
  model?: string;
  messages?: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

interface EmbeddingsRequest {
  model?: string;
  input?: string | string[] | number[] | number[][];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
}

const ERROR_TYPES: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded' },
};

/** The error envelope OpenAI returns: `{ error: { message, type, param, code } }`. */
export function openAIErrorBody(status: number): unknown {
  const e = ERROR_TYPES[status] ?? { type: 'api_error', code: null, message: `Error ${status}` };
  return { error: { message: e.message, type: e.type, param: null, code: e.code } };
}

/** float32, little-endian, base64: what the API returns for `encoding_format: "base64"`. */
function toBase64(vector: number[]): string {
  const buf = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => buf.writeFloatLE(x, i * 4));
  return buf.toString('base64');
}

export class FakeOpenAIServer {
  readonly http = new HttpFake();
  /** Answer vectors of this size whatever was asked, to test dimension checks. */
  forcedDimension?: number;

  /** What the chat model answers; replace it to script a test. */
  script: ChatScript = groundedScript;
  /** Streams in progress that the client abandoned (closed the connection). */
  abandonedStreams = 0;

  private constructor(private readonly opts: FakeOpenAIOptions) {
    this.http.route('POST', '/v1/embeddings', (req, res) => this.embeddings(req, res));
    this.http.route('POST', '/v1/chat/completions', (req, res) => this.chat(req, res));
  }

  static async start(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAIServer> {
    const server = new FakeOpenAIServer(opts);
    await server.http.listen();
    return server;
  }

  /** The value for OPENAI_BASE_URL. */
  get baseUrl(): string {
    return `${this.http.url}/v1`;
  }

  get requests(): RecordedRequest[] {
    return this.http.requests;
  }

  /** The next `times` requests fail with `status` and OpenAI's error body. */
  fail(status: number, times = 1, headers?: Record<string, string>): void {
    this.http.failNext({ status, body: openAIErrorBody(status), headers }, times);
  }

  /** Forget failures, forced sizes and recorded requests between tests. */
  reset(): void {
    this.http.clearFailures();
    this.http.requests.length = 0;
    this.forcedDimension = undefined;
    this.script = groundedScript;
    this.abandonedStreams = 0;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private authorised(req: RecordedRequest, res: http.ServerResponse): boolean {
    if (!this.opts.apiKey || req.headers.authorization === `Bearer ${this.opts.apiKey}`) return true;
    sendJson(res, 401, openAIErrorBody(401));
    return false;
  }

  private async chat(req: RecordedRequest, res: http.ServerResponse): Promise<void> {
    if (!this.authorised(req, res)) return;
    const body = (req.body ?? {}) as ChatRequest;
    if (!body.model || !Array.isArray(body.messages) || !body.messages.length) return sendJson(res, 400, openAIErrorBody(400));
    const answer = this.script(body.messages);
    const promptTokens = Math.ceil(JSON.stringify(body.messages).length / 4);
    const pieces = tokenPieces(answer);
    const usage = { prompt_tokens: promptTokens, completion_tokens: pieces.length, total_tokens: promptTokens + pieces.length };
    const id = `chatcmpl-fake${Date.now()}`;
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) {
      return sendJson(res, 200, {
        id, object: 'chat.completion', created, model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: answer, refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage,
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    let closed = false;
    res.on('close', () => {
      if (!res.writableFinished) {
        closed = true;
        this.abandonedStreams++;
      }
    });
    const send = (chunk: unknown) => res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    const base = { id, object: 'chat.completion.chunk', created, model: body.model, system_fingerprint: 'fp_fake' };
    send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] });
    for (const piece of pieces) {
      if (this.opts.tokenDelayMs) await new Promise((r) => setTimeout(r, this.opts.tokenDelayMs));
      if (closed) return;
      send({ ...base, choices: [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }] });
    }
    send({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] });
    if (body.stream_options?.include_usage) send({ ...base, choices: [], usage });
    res.end('data: [DONE]\n\n');
  }

  private embeddings(req: RecordedRequest, res: http.ServerResponse): void {
    if (!this.authorised(req, res)) return;
    const body = (req.body ?? {}) as EmbeddingsRequest;
    if (!body.model || body.input === undefined) {
      return sendJson(res, 400, openAIErrorBody(400));
    }
    // `input` is one string, a list of strings, or token ids (one list or a list of lists).
    const inputs: unknown[] =
      typeof body.input === 'string' || (Array.isArray(body.input) && typeof body.input[0] === 'number')
        ? [body.input]
        : body.input;
    const size = this.forcedDimension ?? body.dimensions ?? this.opts.dimension ?? 1536;
    const data = inputs.map((input, index) => {
      const vector = fakeVector(typeof input === 'string' ? input : JSON.stringify(input), size);
      return { object: 'embedding', index, embedding: body.encoding_format === 'base64' ? toBase64(vector) : vector };
    });
    const tokens = inputs.reduce<number>((n, i) => n + (typeof i === 'string' ? Math.ceil(i.length / 4) : (i as number[]).length), 0);
    sendJson(res, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  }
}
