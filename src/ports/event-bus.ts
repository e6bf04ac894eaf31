import type { HandoffEvent } from '../domain/handoff-events.js';

/**
 * Fan-out of handoff events to whichever instance holds the SSE stream. Delivery is
 * at-most-once and best effort: the database stays the record, streams are a convenience.
 */
export interface EventBus {
  publish(topic: string, event: HandoffEvent): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, handler: (event: HandoffEvent) => void): Promise<() => void>;
  close(): Promise<void>;
}
