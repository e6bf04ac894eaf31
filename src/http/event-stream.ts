import type { HandoffEvent } from '../domain/handoff-events.js';
import type { SseStream } from './sse.js';

/**
 * Forwards bus events to an SSE stream until the client goes away. Subscribes before `catchUp`
 * runs, so an event published in between is sent twice rather than never.
 */
export async function pumpEvents(
  sse: SseStream,
  subscribe: (handler: (e: HandoffEvent) => void) => Promise<() => void>,
  catchUp: () => Promise<void>,
): Promise<void> {
  const queue: HandoffEvent[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = await subscribe((e) => {
    queue.push(e);
    wake?.();
  });
  const onAbort = () => wake?.();
  sse.signal.addEventListener('abort', onAbort);
  try {
    await catchUp();
    while (sse.open) {
      if (!queue.length) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      const { type, ...data } = queue.shift()!;
      await sse.send(type, data);
    }
  } finally {
    sse.signal.removeEventListener('abort', onAbort);
    unsubscribe();
    sse.end();
  }
}
