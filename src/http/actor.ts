import type { FastifyRequest } from 'fastify';
import type { Actor } from '../domain/tenancy.js';

/** Who an audited action is recorded against: the caller's tenant and API key. */
export const actorOf = (req: FastifyRequest): Actor => ({ tenantId: req.tenant.tenantId, keyId: req.principal?.keyId ?? null });
