import type { Clock } from '../ports/clock.js';
import type { SelfServiceQueries } from '../ports/self-service-queries.js';

// The queue is bounded in practice by agents' capacity; 1000 matches the dispatcher's own window.
const QUEUE_WINDOW = 1000;

/** The agent console's queue: who waits, why, for how long, in serving order. */
export function createHandoffQueue(deps: { queries: SelfServiceQueries; clock: Clock }) {
  return async () => {
    const now = deps.clock.now().getTime();
    const items = await deps.queries.queue(QUEUE_WINDOW);
    return {
      items: items.map((q) => ({ ...q, waitingSeconds: Math.max(0, Math.round((now - q.queuedAt.getTime()) / 1000)) })),
    };
  };
}
