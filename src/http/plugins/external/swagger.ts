import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export default fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      info: { title: 'Customer-service assistant API', version: '0.1.0', description: 'Knowledge bases, documents and hybrid retrieval' },
      tags: [
        { name: 'knowledge-bases' },
        { name: 'documents' },
        { name: 'search' },
        { name: 'health' },
        { name: 'keys' },
        { name: 'tenants' },
        { name: 'audit' },
      ],
      // Every /v1 route needs one of these (docs/security.md); /healthz, /readyz and /docs are public.
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer kf_live_… (secret) or kf_pub_… (widget)' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}, { name: 'swagger' });
