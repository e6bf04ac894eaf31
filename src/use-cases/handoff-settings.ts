import type { RoutingSettings } from '../domain/routing.js';
import type { Clock } from '../ports/clock.js';
import type { EventBus } from '../ports/event-bus.js';
import type { HandoffEvent } from '../domain/handoff-events.js';

export interface HandoffSettings {
  /** The skill catalogue. */
  skills: readonly string[];
  acceptTimeoutMs: number;
  routing: RoutingSettings;
}

export interface Log {
  warn: (obj: object, msg: string) => void;
}

/**
 * Publishes after the transaction committed. A lost notification must not undo or fail a
 * stored change: the database is the record, and a stream that missed an event catches up
 * from it.
 */
export async function publishAll(bus: EventBus, events: Array<[topic: string, event: HandoffEvent]>, log?: Log) {
  for (const [topic, event] of events) {
    try {
      await bus.publish(topic, event);
    } catch (err) {
      log?.warn({ err, topic, type: event.type }, 'event publish failed');
    }
  }
}

export type { Clock };
