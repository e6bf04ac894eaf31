import fp from 'fastify-plugin';
import cors from '@fastify/cors';

/**
 * Browsers may call the API only from the configured origins (the sites embedding the chat
 * widget). No origin configured: cross-origin calls are refused (the browser gets no CORS
 * headers); `*` allows any. Rate-limit headers are exposed so a widget can back off.
 */
export default fp<{ origins: readonly string[] }>(async (app, { origins }) => {
  const any = origins.includes('*');
  await app.register(cors, {
    origin: any ? true : origins.length ? [...origins] : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // API keys travel in these (docs/security.md); a widget sends its public key.
    allowedHeaders: ['authorization', 'x-api-key', 'content-type', 'accept', 'last-event-id', 'x-conversation-id'],
    exposedHeaders: ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-conversation-id'],
    maxAge: 600,
  });
}, { name: 'cors' });
