import { EventEmitter } from 'node:events';
import type { HandoffEvent } from '../../domain/handoff-events.js';
import type { EventBus } from '../../ports/event-bus.js';

/** One process (PGlite allows no other): an EventEmitter is the whole bus. */
export class InProcessEventBus implements EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open agent or customer stream is a listener.
    this.emitter.setMaxListeners(0);
  }

  async publish(topic: string, event: HandoffEvent) {
    this.emitter.emit(topic, event);
  }

  async subscribe(topic: string, handler: (event: HandoffEvent) => void) {
    this.emitter.on(topic, handler);
    return () => void this.emitter.off(topic, handler);
  }

  async close() {
    this.emitter.removeAllListeners();
  }
}
