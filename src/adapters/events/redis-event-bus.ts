import { Redis } from 'ioredis';
import type { HandoffEvent } from '../../domain/handoff-events.js';
import { FanOutEventBus } from './fan-out-event-bus.js';

/**
 * Several service instances sharing one Redis (`REDIS_URL`): events travel by Redis pub/sub on
 * one channel per deployment (`REDIS_EVENTS_CHANNEL`), and each instance fans them out to its local streams.
 * Publishing uses one connection; the subscribing connection (Redis puts it in subscriber mode)
 * is opened only while someone subscribes.
 */
export class RedisEventBus extends FanOutEventBus {
  private readonly publisher: Redis;
  private subscriber: Promise<Redis> | undefined;

  constructor(
    private readonly url: string,
    private readonly channel: string,
  ) {
    super();
    // A publish while Redis is down fails after two retries instead of waiting forever.
    this.publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
    // Connection errors reach callers as rejected publishes; the event itself needs a listener
    // or ioredis reports it as unhandled.
    this.publisher.on('error', () => undefined);
  }

  protected startListening(): Promise<Redis> {
    if (this.subscriber) return this.subscriber;
    const connecting = (async () => {
      const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 2 });
      client.on('error', () => undefined);
      client.on('message', (channel: string, payload: string) => {
        if (channel === this.channel) this.deliver(payload);
      });
      await client.connect();
      await client.subscribe(this.channel);
      return client;
    })();
    this.subscriber = connecting;
    // A failed connection is not kept: the next subscriber tries again.
    connecting.catch(() => {
      if (this.subscriber === connecting) this.subscriber = undefined;
    });
    return connecting;
  }

  protected async stopListening() {
    const pending = this.subscriber;
    this.subscriber = undefined;
    const client = await pending?.catch(() => undefined);
    if (client) await client.quit().catch(() => client.disconnect());
  }

  async publish(topic: string, event: HandoffEvent) {
    if (this.publisher.status === 'wait') await this.publisher.connect();
    await this.publisher.publish(this.channel, JSON.stringify({ topic, event }));
  }

  override async close() {
    await super.close();
    if (this.publisher.status !== 'wait' && this.publisher.status !== 'end') await this.publisher.quit().catch(() => this.publisher.disconnect());
  }
}
