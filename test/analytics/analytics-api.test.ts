import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { buildHandoffApp } from '../handoff/handoff-helpers.js';
import { minute, playScenario } from './analytics-scenario.js';

/*
 * Every expected figure below is worked out by hand from the timeline in analytics-scenario.ts
 * (minutes after 09:00), with the arithmetic written out.
 */
describe.each(databases)('analytics on %s', (_name, open) => {
  let t: TestDatabase;
  let h: Awaited<ReturnType<typeof buildHandoffApp>>;
  let s: Awaited<ReturnType<typeof playScenario>>;

  beforeAll(async () => {
    t = await open();
    h = await buildHandoffApp(t.db);
    s = await playScenario(h);
  }, 180_000);
  afterAll(async () => {
    await h?.app.close();
    await h?.ctx.bus.close();
    await t?.cleanup();
  });

  const get = async (path: string, query: Record<string, string> = {}) => {
    const res = await h.app.inject({ method: 'GET', url: `/v1/analytics/${path}`, query: { from: minute(0).toISOString(), to: minute(120).toISOString(), ...query } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('the log holds each action of a conversation once, with its filter columns', async () => {
    const conv2 = s.conversations[1];
    const { rows } = await t.db.pool.query(`SELECT type, count(*)::int AS n FROM analytics_events WHERE conversation_id = $1 GROUP BY type`, [conv2]);
    expect(Object.fromEntries(rows.map((r) => [r.type, r.n]))).toEqual({
      conversation_opened: 1,
      customer_message: 3, // "转人工" to the bot, then two while with B and C
      bot_answer: 1, // the canned handoff reply
      escalated: 1,
      queued: 1,
      assigned: 2, // dispatched to B, transferred to C; B's refused claim at 27 wrote nothing
      agent_reply: 1,
      transferred: 1,
      accepted: 1,
      resolved: 1,
      rated: 1,
    });
    const { rows: last } = await t.db.pool.query(
      `SELECT e.opened_at, e.channel, e.kb_id, e.agent_id, e.team, k.name AS kb FROM analytics_events e JOIN knowledge_bases k ON k.id = e.kb_id
       WHERE e.conversation_id = $1 AND e.type = 'customer_message' ORDER BY e.at DESC LIMIT 1`,
      [conv2],
    );
    expect(last[0]).toMatchObject({ opened_at: minute(20), channel: 'app', kb: 'shop', agent_id: s.C, team: 'English' });
  });

  it('conversation metrics (会话分析) over the whole morning', async () => {
    const r = await get('conversations');
    expect(r.range).toEqual({ from: '2026-03-02T09:00:00.000Z', to: '2026-03-02T11:00:00.000Z' });
    expect(r.totals).toEqual({
      conversations: 6,
      handledByHumans: 3, // conv1 (A), conv2 (B then C), conv5 (A)
      effectiveHuman: 2, // conv1, conv2; conv5 had an agent reply but no customer message while assigned
      ratings: 2,
      ratingDistribution: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 1 },
      avgQueueSeconds: (120 + 0 + 180) / 3, // conv1 4→6, conv2 dispatched at once, conv5 52→55; the transfer to C waited in no queue
      avgDurationSeconds: (660 + 780 + 120 + 420 + 180) / 5, // opening → last activity: 1→12, 20→33, 40→42, 50→57, 60→63; conv4 never engaged
      avgFirstResponseSeconds: (120 + 120 + 60) / 3, // assignment → first agent reply: 6→8, 21→23, 55→56
      avgResponseSeconds: (60 + 30 + 60) / 3, // 7→8, 10→10.5, 22→23; 9 and 56 answered no customer message
    });
    expect(r.bot).toEqual({
      answers: 5, // .85 .05 .35 .08 0; the canned handoff reply of conv2 is not an answer
      deflectionRate: 1 / 5, // engaged: conv1,2,3,5,6; only conv3 never reached a person
      escalationRate: 4 / 5,
      escalationsByReason: { customer_request: 2, low_confidence: 1, negative_emotion: 1 },
      confidenceHistogram: [3, 0, 0, 1, 0, 0, 0, 0, 1, 0].map((count, i) => ({ from: i / 10, to: (i + 1) / 10, count })),
      topUnanswered: [
        { question: '退款多久到账', count: 2 }, // conv1 "退款多久到账？" and conv5 "退款多久到账": one question
        { question: '发票抬头能改吗', count: 1 },
      ],
    });
  });

  it('agent metrics (人工客服分析) per agent and per team', async () => {
    const r = await get('agents');
    const byName = Object.fromEntries(r.agents.map((a: any) => [a.name, a]));
    expect(r.agents.map((a: any) => a.name)).toEqual(['张三', 'Amy', '李四']); // busiest first, then by name
    expect(byName['张三']).toEqual({
      agentId: s.A, name: '张三', team: '售后组',
      idleSeconds: (8 + 8) * 60, // online 6–14 and 50–58
      busySeconds: (36 + 12) * 60, // busy 14–50 and 58–70 (now)
      conversations: 2, transferred: 0, effective: 1, unreplied: 0, unrepliedRate: 0,
      avgFirstResponseSeconds: (120 + 60) / 2,
      avgResponseSeconds: (60 + 30) / 2,
      avgDurationSeconds: (360 + 120) / 2, // held 6→12 and 55→57
      satisfactionRate: 1, // one rating, 5
    });
    expect(byName['李四']).toEqual({
      agentId: s.B, name: '李四', team: '售后组',
      idleSeconds: 31 * 60, busySeconds: 0, // online 15–46
      conversations: 1, transferred: 1, effective: 1, unreplied: 0, unrepliedRate: 0,
      avgFirstResponseSeconds: 120, avgResponseSeconds: 60, avgDurationSeconds: 240, // held 21→25
      satisfactionRate: null, // the rating went to C, who resolved it
    });
    expect(byName.Amy).toEqual({
      agentId: s.C, name: 'Amy', team: 'English',
      idleSeconds: 23 * 60, busySeconds: 0, // online 24–47
      conversations: 1, transferred: 0, effective: 0, unreplied: 1, unrepliedRate: 1,
      avgFirstResponseSeconds: null, avgResponseSeconds: null, avgDurationSeconds: 480, // held 25→33
      satisfactionRate: 0, // rated 2
    });
    expect(r.teams).toEqual([
      {
        team: '售后组',
        idleSeconds: (16 + 31) * 60, busySeconds: 48 * 60,
        conversations: 3, transferred: 1, effective: 2, unreplied: 0, unrepliedRate: 0,
        avgFirstResponseSeconds: (120 + 120 + 60) / 3, avgResponseSeconds: (60 + 30 + 60) / 3,
        avgDurationSeconds: (360 + 120 + 240) / 3, satisfactionRate: 1,
      },
      {
        team: 'English',
        idleSeconds: 23 * 60, busySeconds: 0,
        conversations: 1, transferred: 0, effective: 0, unreplied: 1, unrepliedRate: 1,
        avgFirstResponseSeconds: null, avgResponseSeconds: null, avgDurationSeconds: 480, satisfactionRate: 0,
      },
    ]);
  });

  it('a shorter range: only conversations opened in it, status time cut at its edges', async () => {
    const window = { from: minute(10).toISOString(), to: minute(30).toISOString() };
    const c = await get('conversations', window);
    expect(c.totals).toMatchObject({ conversations: 1, handledByHumans: 1, effectiveHuman: 1, ratings: 1, avgDurationSeconds: 780 }); // conv2 alone
    const a = await get('agents', window);
    const idle = Object.fromEntries(a.agents.map((x: any) => [x.name, [x.idleSeconds, x.busySeconds]]));
    // A online 10–14 then busy 14–30; B online 15–30; C online 24–30
    expect(idle).toEqual({ 张三: [240, 960], 李四: [900, 0], Amy: [360, 0] });
  });

  it('a range with partial hours at both ends counts the same as whole hours', async () => {
    // 08:30–10:30: whole hour 09:00 from the hourly rollup, conv6 (10:00) from the edge
    const whole = await get('conversations');
    const partial = await get('conversations', { from: minute(-30).toISOString(), to: minute(90).toISOString() });
    expect({ totals: partial.totals, bot: partial.bot }).toEqual({ totals: whole.totals, bot: whole.bot });
    // 09:30–10:30: no whole hour: conv5 (09:50) and conv6 (10:00), both from the conversation rollup
    const inner = await get('conversations', { from: minute(30).toISOString(), to: minute(90).toISOString() });
    expect(inner.totals).toMatchObject({ conversations: 4, handledByHumans: 1 }); // conv3 09:40, conv4 09:45, conv5, conv6
    expect(inner.bot.escalationsByReason).toEqual({ customer_request: 1, negative_emotion: 1 });
  });

  it('filters: channel, knowledge base, agent, skill, team', async () => {
    const channel = await get('conversations', { channel: 'app' }); // conv2, conv6
    expect(channel.totals).toMatchObject({ conversations: 2, handledByHumans: 1, ratings: 1, ratingDistribution: { 2: 1, 5: 0 } });
    expect(channel.bot).toMatchObject({ answers: 0, escalationRate: 1, escalationsByReason: { customer_request: 2 } });

    const kb = await get('conversations', { knowledgeBaseId: s.kbOther }); // conv5
    expect(kb.totals).toMatchObject({ conversations: 1, handledByHumans: 1, effectiveHuman: 0, avgQueueSeconds: 180, avgFirstResponseSeconds: 60, avgResponseSeconds: null });
    expect(kb.bot.topUnanswered).toEqual([{ question: '退款多久到账', count: 1 }]);

    const byAgent = await get('conversations', { agentId: s.A }); // conv1, conv5
    expect(byAgent.totals).toMatchObject({ conversations: 2, handledByHumans: 2, effectiveHuman: 1, ratings: 1, avgQueueSeconds: 150 });
    const agentRows = await get('agents', { agentId: s.A });
    expect(agentRows.agents.map((x: any) => x.name)).toEqual(['张三']);
    expect(agentRows.teams).toEqual([expect.objectContaining({ team: '售后组', conversations: 2, idleSeconds: 960 })]);

    expect((await get('conversations', { skill: 'refund' })).totals.conversations).toBe(1); // conv1
    expect((await get('conversations', { skill: 'orders' })).totals.conversations).toBe(1); // conv5
    const team = await get('conversations', { team: 'English' }); // conv2, through C
    expect(team.totals).toMatchObject({ conversations: 1, ratings: 1 });
    const teamAgents = await get('agents', { team: 'English' });
    expect(teamAgents.agents.map((x: any) => x.name)).toEqual(['Amy']);
    expect(teamAgents.teams.map((x: any) => x.team)).toEqual(['English']);

    const none = await get('conversations', { channel: 'wechat' });
    expect(none.totals).toMatchObject({ conversations: 0, avgQueueSeconds: null, avgDurationSeconds: null });
    expect(none.bot).toMatchObject({ answers: 0, deflectionRate: null, escalationRate: null, escalationsByReason: {}, topUnanswered: [] });
  });

  it('time series by hour, and by day in a chosen time zone with empty days', async () => {
    const hourly = await get('timeseries', { interval: 'hour' });
    expect(hourly.interval).toBe('hour');
    expect(hourly.points).toEqual([
      // conv1–5 opened 09:00–09:59; answers .85 .05 .35 .08 0 average .266; ratings 5 and 2
      { t: '2026-03-02T09:00:00.000Z', conversations: 5, handledByHumans: 3, escalations: 3, answers: 5, avgConfidence: expect.closeTo(0.266, 10), ratings: 2, avgRating: 3.5 },
      { t: '2026-03-02T10:00:00.000Z', conversations: 1, handledByHumans: 0, escalations: 1, answers: 0, avgConfidence: null, ratings: 0, avgRating: null },
    ]);
    const days = { from: '2026-03-01T00:00:00Z', to: '2026-03-03T00:00:00Z', interval: 'day' };
    const shanghai = await get('timeseries', { ...days, tz: 'Asia/Shanghai' });
    // 08:00 Mar 1 → 08:00 Mar 3 in Shanghai touches three local days; 09:00 UTC Mar 2 is 17:00 local Mar 2
    expect(shanghai.points.map((p: any) => [p.t, p.conversations])).toEqual([
      ['2026-02-28T16:00:00.000Z', 0],
      ['2026-03-01T16:00:00.000Z', 6],
      ['2026-03-02T16:00:00.000Z', 0],
    ]);
    // India is UTC+5:30: its days do not start on a UTC hour, so every conversation is bucketed alone.
    const kolkata = await get('timeseries', { ...days, tz: 'Asia/Kolkata' });
    expect(kolkata.points.map((p: any) => [p.t, p.conversations, p.ratings])).toEqual([
      ['2026-02-28T18:30:00.000Z', 0, 0],
      ['2026-03-01T18:30:00.000Z', 6, 2],
      ['2026-03-02T18:30:00.000Z', 0, 0],
    ]);
    const utc = await get('timeseries', days);
    expect(utc.points.map((p: any) => [p.t, p.conversations])).toEqual([
      ['2026-03-01T00:00:00.000Z', 0],
      ['2026-03-02T00:00:00.000Z', 6],
    ]);
  });

  it('CSV export: UTF-8 BOM, a header row, Chinese names and questions', async () => {
    const csv = async (query: Record<string, string>) => {
      const res = await h.app.inject({ method: 'GET', url: '/v1/analytics/export.csv', query: { from: minute(0).toISOString(), to: minute(120).toISOString(), ...query } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="analytics-\w+-2026-03-02\.csv"$/);
      expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return res.rawPayload.toString('utf8').slice(1).split('\r\n');
    };
    const agents = await csv({ report: 'agents' });
    expect(agents[0]).toBe('类型,客服 ID,姓名,班组,示闲时长（秒）,示忙时长（秒）,接待会话数,转接会话数,有效会话数,未回复会话数,未回复率,平均首次响应时长（秒）,平均响应时长（秒）,平均会话时长（秒）,满意率');
    expect(agents[1]).toBe(`客服,${s.A},张三,售后组,960,2880,2,0,1,0,0,90,45,240,1`);
    expect(agents).toContain('班组,,,English,1380,0,1,0,0,1,1,,,480,0');
    expect(agents.at(-1)).toBe('');

    const conversations = await csv({ report: 'conversations' });
    expect(conversations[0]).toBe('分类,项目,数值');
    expect(conversations).toContain('会话分析,总会话数,6');
    expect(conversations).toContain('未解决问题,退款多久到账,2');
    expect(conversations).toContain('转人工原因,customer_request,2');

    const series = await csv({ report: 'timeseries', interval: 'hour', lang: 'en' });
    expect(series.slice(0, 3)).toEqual([
      'time,conversations,handled by humans,escalations,bot answers,average confidence,ratings,average rating',
      '2026-03-02T09:00:00.000Z,5,3,3,5,0.266,2,3.5',
      '2026-03-02T10:00:00.000Z,1,0,1,0,,0,',
    ]);
  });

  it('the rollups folded incrementally equal a rebuild from the whole log', async () => {
    const incremental = await Promise.all([get('conversations'), get('agents'), get('timeseries', { interval: 'hour' })]);
    await t.db.pool.query('DELETE FROM analytics_rollup_state');
    await t.db.pool.query('UPDATE analytics_conversation_rollup SET answers = 999'); // wiped by the rebuild
    const rebuilt = await Promise.all([get('conversations'), get('agents'), get('timeseries', { interval: 'hour' })]);
    expect(rebuilt).toEqual(incremental);
    expect(rebuilt[0].bot.answers).toBe(5);
  });

  it('defaults to the last 7 days up to now', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/v1/analytics/conversations' });
    expect(res.statusCode).toBe(200);
    // now is 10:10 on the manual clock
    expect(res.json().range).toEqual({ from: '2026-02-23T10:10:00.000Z', to: '2026-03-02T10:10:00.000Z' });
    expect(res.json().totals.conversations).toBe(6);
  });

  it.each([
    ['from=yesterday', 'from'],
    ['from=2026-03-02T10:00:00Z&to=2026-03-02T09:00:00Z', 'from'],
    ['from=2025-01-01T00:00:00Z&to=2026-03-02T00:00:00Z', 'to'],
    ['knowledgeBaseId=shop', 'knowledgeBaseId'],
    ['agentId=1', 'agentId'],
    ['knowledgeBase=shop', 'knowledgeBase'],
    ['channel=', 'channel'],
  ])('400 INVALID_INPUT for bad filters: %s', async (query, field) => {
    for (const path of ['conversations', 'agents', 'timeseries', 'export.csv?report=agents&']) {
      const url = path.includes('?') ? `/v1/analytics/${path}${query}` : `/v1/analytics/${path}?${query}`;
      const res = await h.app.inject({ method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('INVALID_INPUT');
      expect(JSON.stringify(res.json().error)).toContain(field);
    }
  });

  it.each([
    ['timeseries?interval=week', 'interval'],
    ['timeseries?tz=Mars/Olympus', 'tz'],
    ['timeseries?interval=hour&from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z', 'interval'],
    ['export.csv', 'report'],
    ['export.csv?report=agents&lang=fr', 'lang'],
  ])('400 for bad report options: %s', async (url, field) => {
    const res = await h.app.inject({ method: 'GET', url: `/v1/analytics/${url}` });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('INVALID_INPUT');
    expect(JSON.stringify(res.json().error)).toContain(field);
  });
});
