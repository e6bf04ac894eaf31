import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app.js';
import { createContext } from '../../src/composition-root.js';
import { openDatabase } from '../../src/adapters/db/database.js';
import { testConfig, withAdminKey } from '../helpers/build.js';
import { ingestSampleKb, SAMPLE_ENV } from '../helpers/sample-kb.js';
import type { RouteSpec } from './http-inputs.js';

/**
 * The service the fuzzer attacks: PGlite in memory, the sample shop ingested, a few
 * conversations (one handed to people) and agents, so generated ids can name things that
 * exist. Rate limits are off: every fuzzed request comes from one address.
 */
export async function startFuzzTarget() {
  const config = testConfig({ ...SAMPLE_ENV, RATE_LIMIT_ENABLED: 'false', SSE_HEARTBEAT_MS: '1000' });
  const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  const ctx = await createContext(config, { db });
  const app = await buildApp(config, { ctx, ownsContext: true });
  // Fuzzed as an admin: every route is reachable, so its input handling is what gets tested.
  const { adminKey } = await withAdminKey(app, ctx);
  const kb = await ingestSampleKb(ctx);
  const json = async (method: 'POST' | 'PUT', url: string, payload: unknown) => (await app.inject({ method, url, payload: payload as object })).json();
  const conversations: string[] = [];
  for (let i = 0; i < 3; i++) conversations.push((await json('POST', '/v1/conversations', { knowledgeBaseId: 'demo' })).id);
  await json('POST', `/v1/conversations/${conversations[0]}/messages`, { content: 'LM-S12 支持 NFC 吗？' });
  const agents = [(await json('POST', '/v1/agents', { name: 'Fuzz Agent', skills: { general: 3 }, languages: ['zh', 'en'] })).id as string];
  await json('PUT', `/v1/agents/${agents[0]}/status`, { status: 'online' });
  await json('POST', `/v1/conversations/${conversations[1]}/handoff`, { reason: 'customer_request' });
  const docs = (await app.inject({ url: `/v1/knowledge-bases/${kb.id}/documents?limit=20` })).json().items.map((d: { id: string }) => d.id) as string[];
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const known = (route: RouteSpec, param: string): string[] => {
    if (param === 'kb') return [kb.id, 'demo'];
    if (param === 'conversationId') return conversations;
    if (route.path.startsWith('/v1/agents')) return agents;
    if (route.path.includes('/documents/')) return docs;
    if (route.path.startsWith('/v1/conversations')) return conversations;
    return [];
  };
  return { app, baseUrl, known, headers: { authorization: `Bearer ${adminKey}` }, close: () => app.close() };
}
