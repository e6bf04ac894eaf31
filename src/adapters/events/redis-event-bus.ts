import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { HandoffEvent } from '../../domain/handoff-events.js';
import type { EventBus } from '../../ports/event-bus.js';

/**
 * Several service instances sharing one Redis (`REDIS_URL`): events travel by Redis pub/sub on
 * one channel per deployment (`prefix`), and each instance fans them out to its local streams.
 * Publishing uses one connection; the subscribing connection (Redis puts it in subscriber mode)
 * is opened only while someone subscribes.
 */
export class RedisEventBus implements EventBus {
  private readonly local = new EventEmitter();
  private readonly publisher: Redis;
  private subscriber: Promise<Redis> | undefined;
  private subscribers = 0;

  constructor(
    private readonly url: string,
    private readonly channel: string,
  ) {
    this.local.setMaxListeners(0);
    // Fail fast instead of queueing commands forever while Redis is down.
    this.publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
    // Connection errors reach callers as rejected publishes; the event itself needs a listener
    // or ioredis reports it as unhandled.
    this.publisher.on('error', () => undefined);
  }

  private subscribe$(): Promise<Redis> {
    this.subscriber ??= (async () => {
      const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 2 });
      client.on('error', () => undefined);
      client.on('message', (channel: string, payload: string) => {
        if (channel !== this.channel) return;
        try {
          const { topic, event } = JSON.parse(payload) as { topic: string; event: HandoffEvent };
          this.local.emit(topic, event);
        } catch {
          /* not ours */
        }
      });
      await client.connect();
      await client.subscribe(this.channel);
      return client;
    })();
    return this.subscriber;
  }

  private async unsubscribeAll() {
    const pending = this.subscriber;
    this.subscriber = undefined;
    const client = await pending?.catch(() => undefined);
    if (client) await client.quit().catch(() => client.disconnect());
  }

  async publish(topic: string, event: HandoffEvent) {
    if (this.publisher.status === 'wait') await this.publisher.connect();
    await this.publisher.publish(this.channel, JSON.stringify({ topic, event }));
  }

  async subscribe(topic: string, handler: (event: HandoffEvent) => void) {
    this.subscribers++;
    try {
      await this.subscribe$();
    } catch (err) {
      this.subscribers--;
      this.subscriber = undefined;
      throw err;
    }
    this.local.on(topic, handler);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.local.off(topic, handler);
      if (--this.subscribers === 0) void this.unsubscribeAll();
    };
  }

  async close() {
    this.local.removeAllListeners();
    this.subscribers = 0;
    await this.unsubscribeAll();
    if (this.publisher.status !== 'wait' && this.publisher.status !== 'end') await this.publisher.quit().catch(() => this.publisher.disconnect());
  }
}
