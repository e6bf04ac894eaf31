import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseStream } from '../../src/http/sse.js';

/**
 * SSE responses on a keep-alive connection: each stream used to leave a 'close' listener on
 * the socket (holding its request, reply and controller) until the connection closed, so a
 * client reusing its connection leaked memory and Node warned (MaxListenersExceededWarning
 * after 10 streams; seen in `npm run bench:chat`).
 */
describe('SseStream on a keep-alive connection', () => {
  const app = Fastify();
  const listeners: number[] = [];
  let base: string;

  beforeAll(async () => {
    app.post('/stream', async (req, reply) => {
      listeners.push(req.raw.socket.listenerCount('close'));
      const sse = new SseStream(reply, req, 60_000);
      await sse.send('delta', { text: 'hi' });
      await sse.send('done', {});
      sse.end();
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  const post = (agent: http.Agent) =>
    new Promise<string>((resolve, reject) => {
      const req = http.request(`${base}/stream`, { method: 'POST', agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });

  it('leaves no listener behind on the socket once a stream has ended', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < 15; i++) expect(await post(agent)).toContain('event: done');
    } finally {
      process.off('warning', onWarning);
      agent.destroy();
    }
    // One socket served all fifteen streams, and each found it as clean as the first did.
    expect(new Set(listeners).size).toBe(1);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});
