import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny HTTP router on a free local port, shared by the fakes of remote model servers.
 * The fakes speak the vendors' real wire protocol so the real client libraries are tested,
 * not a mock of them; new endpoints (chat completions, streaming) are added as routes.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export type Handler = (req: RecordedRequest, res: http.ServerResponse) => void | Promise<void>;

export interface Failure {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  return (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(text) : text;
}

export class HttpFake {
  /** Every request received, in order, so tests can assert what the client really sent. */
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, Handler>();
  private readonly failures: Failure[] = [];
  private readonly server = http.createServer((req, res) => void this.handle(req, res));

  route(method: string, path: string, handler: Handler): this {
    this.routes.set(`${method.toUpperCase()} ${path}`, handler);
    return this;
  }

  /** Answers the next `times` requests (any route) with this failure instead of routing them. */
  failNext(failure: Failure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  /** Starts listening on 127.0.0.1 and a free port; returns the base URL. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body: await readBody(req) };
      this.requests.push(recorded);
      const failure = this.failures.shift();
      if (failure) return sendJson(res, failure.status, failure.body ?? { error: `fake failure ${failure.status}` }, failure.headers);
      const handler = this.routes.get(`${recorded.method} ${path}`);
      if (!handler) return sendJson(res, 404, { error: `no fake route for ${recorded.method} ${path}` });
      await handler(recorded, res);
    } catch (err) {
      sendJson(res, 500, { error: `fake server bug: ${(err as Error).message}` });
    }
  }
}

/** A URL on which nothing listens: bind a free port, then release it. */
export async function closedPortUrl(): Promise<string> {
  const fake = new HttpFake();
  const url = await fake.listen();
  await fake.close();
  return url;
}
