/**
 * Gathers an answer's text deltas into fewer SSE events. A model streams a token every 10–30 ms
 * and each event is a socket write (a syscall, a chunk header, a parse on the client): at 100
 * concurrent streams those writes were the largest part of the service's per-token CPU. The
 * first delta goes out at once (time to first token is not delayed); later ones at most every
 * `windowMs`, so a customer sees text arrive in steps too small to notice.
 */
export class DeltaBatcher {
  private pending = '';
  private timer: NodeJS.Timeout | undefined;
  private lastSent = Number.NEGATIVE_INFINITY;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly windowMs: number,
    private readonly sendDelta: (text: string) => Promise<void>,
  ) {}

  /** Sends the text now if the window has passed since the last send, or holds it until it has. */
  push(text: string): Promise<void> {
    this.pending += text;
    if (this.timer) return Promise.resolve();
    const wait = this.lastSent + this.windowMs - performance.now();
    if (wait <= 0) return this.flush();
    this.timer = setTimeout(() => void this.flush(), wait);
    return Promise.resolve();
  }

  /** Sends what is held (before any other event, so the order of events is kept). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending) return this.sending;
    const text = this.pending;
    this.pending = '';
    this.lastSent = performance.now();
    // The write itself happens now, in call order with every other event; the promise only
    // says when backpressure has cleared.
    this.sending = this.sendDelta(text);
    return this.sending;
  }

  /** Drops what is held (the client is gone). */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = '';
  }
}
