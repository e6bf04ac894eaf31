import { EventEmitter } from 'node:events';
import type { HandoffEvent } from '../../domain/handoff-events.js';
import type { EventBus } from '../../ports/event-bus.js';

/**
 * What the cross-instance buses share: events arriving from the transport are fanned out to
 * this instance's subscribers by topic, and the transport's listening connection is held only
 * while there is at least one subscriber.
 */
export abstract class FanOutEventBus implements EventBus {
  private readonly local = new EventEmitter();
  private subscribers = 0;

  constructor() {
    this.local.setMaxListeners(0);
  }

  abstract publish(topic: string, event: HandoffEvent): Promise<void>;
  /** Starts receiving from the transport (idempotent). */
  protected abstract startListening(): Promise<unknown>;
  /** Stops receiving and frees the listening connection. */
  protected abstract stopListening(): Promise<void>;

  /** Called by the transport for every event it receives. */
  protected deliver(payload: string) {
    try {
      const { topic, event } = JSON.parse(payload) as { topic: string; event: HandoffEvent };
      this.local.emit(topic, event);
    } catch {
      /* not ours */
    }
  }

  async subscribe(topic: string, handler: (event: HandoffEvent) => void) {
    this.subscribers++;
    try {
      await this.startListening();
    } catch (err) {
      this.subscribers--;
      throw err;
    }
    this.local.on(topic, handler);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.local.off(topic, handler);
      if (--this.subscribers === 0) void this.stopListening();
    };
  }

  async close() {
    this.local.removeAllListeners();
    this.subscribers = 0;
    await this.stopListening();
  }
}
