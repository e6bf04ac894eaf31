import type pg from 'pg';
import type { HandoffEvent } from '../../domain/handoff-events.js';
import { FanOutEventBus } from './fan-out-event-bus.js';
import type { Database } from '../db/database.js';

// NOTIFY payloads are limited to 8000 bytes; a longer message travels clipped (the stream
// reader can fetch the full text from the conversation).
const MAX_PAYLOAD_BYTES = 7000;

/**
 * Several service instances against one PostgreSQL server: each instance LISTENs on one
 * channel and fans notifications out to its local streams. The channel is named after the
 * schema, so deployments (and test schemas) sharing a database do not hear each other.
 * The listening connection is taken from the pool only while someone subscribes, so an
 * instance without open streams (the CLI, most tests) holds no extra connection.
 */
export class PgNotifyEventBus extends FanOutEventBus {
  private listener: Promise<pg.PoolClient> | undefined;
  private channelName: Promise<string> | undefined;

  constructor(private readonly db: Database) {
    super();
  }

  private channel(): Promise<string> {
    this.channelName ??= this.db.pool
      .query<{ schema: string }>('SELECT current_schema() AS schema')
      .then(({ rows }) => `kefu_events_${rows[0]!.schema}`.replace(/[^a-z0-9_]/gi, '_').slice(0, 63).toLowerCase());
    return this.channelName;
  }

  protected startListening(): Promise<pg.PoolClient> {
    this.listener ??= (async () => {
      const channel = await this.channel();
      // Held while there are subscribers: LISTEN belongs to a session.
      const client = await this.db.pool.connect();
      client.on('notification', (n) => {
        if (n.channel === channel && n.payload) this.deliver(n.payload);
      });
      await client.query(`LISTEN "${channel}"`);
      return client;
    })();
    return this.listener;
  }

  protected async stopListening() {
    const pending = this.listener;
    this.listener = undefined;
    if (!pending) return;
    const client = await pending.catch(() => undefined);
    if (!client) return;
    try {
      await client.query(`UNLISTEN *`);
      client.removeAllListeners('notification');
      client.release();
    } catch (err) {
      client.release(err as Error);
    }
  }

  async publish(topic: string, event: HandoffEvent) {
    let payload = JSON.stringify({ topic, event });
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES && 'message' in event) {
      const clipped = { ...event, message: { ...event.message, content: event.message.content.slice(0, 1500), truncated: true } };
      payload = JSON.stringify({ topic, event: clipped });
    }
    await this.db.pool.query('SELECT pg_notify($1, $2)', [await this.channel(), payload]);
  }
}
