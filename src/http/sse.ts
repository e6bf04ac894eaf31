import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A Server-Sent Events response on the raw socket: heartbeats keep proxies from closing an
 * idle stream, backpressure is respected, and a client that goes away aborts `signal` so the
 * generation behind the stream stops.
 */
export class SseStream {
  private heartbeat: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly reply: FastifyReply,
    req: FastifyRequest,
    heartbeatMs: number,
    /** Aborted when the client goes away. */
    readonly controller: AbortController = new AbortController(),
    headers: Record<string, string> = {},
  ) {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      // Headers set by hooks (CORS for the widget's origin, security headers) still apply.
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx would otherwise buffer the whole answer.
      'x-accel-buffering': 'no',
      ...headers,
    });
    raw.flushHeaders?.();
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), heartbeatMs);
    this.heartbeat.unref();
    const gone = () => {
      if (!raw.writableFinished) this.controller.abort(new Error('client disconnected'));
      this.stop();
    };
    const socket = req.raw.socket;
    socket?.once('close', gone);
    raw.once('close', gone);
    // A keep-alive socket outlives the stream: leave no listener (and no closure over this
    // request) on it once the stream is over.
    this.detach = () => {
      socket?.off('close', gone);
      raw.off('close', gone);
    };
  }

  private readonly detach: () => void;

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get open(): boolean {
    return !this.closed && !this.controller.signal.aborted;
  }

  private write(chunk: string): boolean {
    if (this.closed || this.reply.raw.destroyed) return false;
    return this.reply.raw.write(chunk);
  }

  /** Sends one event; waits while the socket's buffer is full. */
  async send(event: string | undefined, data: unknown): Promise<void> {
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    const ok = this.write(`${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`);
    if (!ok && this.open) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.reply.raw.off('drain', done);
          this.controller.signal.removeEventListener('abort', done);
          resolve();
        };
        this.reply.raw.once('drain', done);
        this.controller.signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  private stop() {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.detach();
  }

  end() {
    this.stop();
    if (!this.reply.raw.destroyed) this.reply.raw.end();
  }
}
