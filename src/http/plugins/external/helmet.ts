import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';

/**
 * Security headers on every response (nosniff, frame and referrer policy, HSTS, a strict CSP).
 * The API answers JSON; the CSP's 'self' scripts also fit the OpenAPI page under /docs, whose
 * scripts are files, not inline.
 */
export default fp(async (app) => {
  await app.register(helmet, { global: true });
}, { name: 'helmet' });
