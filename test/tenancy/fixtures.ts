import type { TestDatabase } from '../helpers/databases.js';
import { build, multipart } from '../helpers/build.js';
import type { Role } from '../../src/domain/tenancy.js';

export const WIDGET_ORIGIN = 'https://shop.example.com';

export type Built = Awaited<ReturnType<typeof build>>;

/**
 * Two tenants on one service: the built-in default one ("B", holding data of every kind: a
 * knowledge base with a document, a conversation with a turn and a handoff, an agent, a stored
 * suite, an eval run, an API key) and a new empty one ("A") with an admin key, plus a key of
 * every role in A for the role matrix.
 */
export async function twoTenants(t: TestDatabase) {
  const built = await build(t, { HANDOFF_SWEEP_MS: '0' });
  const { app, ctx, adminKey: bAdmin, rawInject } = built;
  const as = (key: string, origin?: string) => ({ authorization: `Bearer ${key}`, ...(origin ? { origin } : {}) });
  const ok = async (res: { statusCode: number; body: string }, want = [200, 201, 202]) => {
    if (!want.includes(res.statusCode)) throw new Error(`fixture request failed: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body || '{}');
  };

  // Tenant B (default): one of everything.
  const kbName = `b-shop-${Math.random().toString(16).slice(2, 8)}`;
  const kb = await ok(await app.inject({ method: 'POST', url: '/v1/knowledge-bases', payload: { name: kbName } }));
  const upload = multipart([{ name: 'returns.md', content: '# 退货政策\n\n七天无理由退货，运费由买家承担。Returns are accepted within seven days.\n', type: 'text/markdown' }]);
  const doc = (await ok(await app.inject({ method: 'POST', url: `/v1/knowledge-bases/${kb.id}/documents`, ...upload }))).document ?? null;
  const docId: string = doc?.id ?? (await ok(await app.inject({ url: `/v1/knowledge-bases/${kb.id}/documents` }))).items[0].id;
  const conversation = await ok(await app.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: kb.id, customerId: 'b-customer' } }));
  const turn = await ok(await app.inject({ method: 'POST', url: `/v1/conversations/${conversation.id}/messages`, payload: { content: '退货政策是什么？' } }));
  const agent = await ok(await app.inject({ method: 'POST', url: '/v1/agents', payload: { name: 'B agent', skills: { general: 3 }, languages: ['zh'] } }));
  const handedOff = await ok(await app.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: kb.id } }));
  await ok(await app.inject({ method: 'POST', url: `/v1/conversations/${handedOff.id}/handoff`, payload: { reason: 'customer_request' } }));
  const suiteName = `b-suite-${Math.random().toString(16).slice(2, 8)}`;
  await ok(await app.inject({ method: 'POST', url: '/v1/evals/cases', payload: { messageId: turn.messageId, verdict: 'right', suite: suiteName } }), [201]);
  const run = await app.evalsFor('default').runs.create({ suites: [suiteName], options: { answers: false, baseline: false }, total: 0 });
  const bKey = await ok(await app.inject({ method: 'POST', url: '/v1/keys', payload: { name: 'b-analyst', role: 'analyst' } }));

  // Tenant A: created by the default tenant's admin, with its first admin key.
  const aId = `a-${Math.random().toString(16).slice(2, 8)}`;
  const created = await ok(await app.inject({ method: 'POST', url: '/v1/tenants', payload: { id: aId, name: 'Tenant A' } }));
  const aAdmin: string = created.adminKey.key;
  const keys = {} as Record<Role, string>;
  keys.admin = aAdmin;
  for (const role of ['content', 'agent', 'qa', 'analyst', 'widget'] as const) {
    const k = await ok(
      await rawInject({
        method: 'POST',
        url: '/v1/keys',
        headers: as(aAdmin),
        payload: { name: `a-${role}`, role, ...(role === 'widget' ? { allowedOrigins: [WIDGET_ORIGIN] } : {}) },
      }),
    );
    keys[role] = k.key;
  }
  return {
    ...built,
    as,
    bAdmin,
    aId,
    aAdmin,
    keys,
    b: {
      kbId: kb.id as string,
      kbName,
      docId,
      conversationId: conversation.id as string,
      handedOffId: handedOff.id as string,
      messageId: turn.messageId as string,
      agentId: agent.id as string,
      suiteName,
      runId: run.id,
      keyId: bKey.id as string,
    },
  };
}
