import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { toCsv } from '../../csv.js';
import { agentsCsv, conversationsCsv, timeseriesCsv } from './csv-reports.js';
import { ExportQuery, Filters, TimeseriesQuery, toQuery } from './schemas.js';

const FILTERS_DOC = 'Filters: from, to (ISO 8601; default the last 7 days), channel, knowledgeBaseId, agentId, skill, team. Definitions: docs/analytics.md.';

/** The manager dashboard's reports (会话分析, 人工客服分析, the bot's side), under /v1/analytics. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get('/conversations', { config: { roles: ['analyst'] },
    schema: {
      tags: ['analytics'],
      summary: 'Conversation metrics and the bot side (deflection, escalation by reason, confidence histogram, top unanswered questions)',
      description: FILTERS_DOC,
      querystring: Filters,
    },
  }, async (req) => req.tenant.analytics.conversations(toQuery(req.query)));

  app.get('/agents', { config: { roles: ['analyst'] },
    schema: { tags: ['analytics'], summary: 'Agent metrics per agent and per team', description: FILTERS_DOC, querystring: Filters },
  }, async (req) => req.tenant.analytics.agents(toQuery(req.query)));

  app.get('/timeseries', { config: { roles: ['analyst'] },
    schema: {
      tags: ['analytics'],
      summary: 'Conversations, human handling, escalations, answers and ratings per hour or day',
      description: `${FILTERS_DOC} interval: hour | day (default day); tz: the buckets' time zone (default UTC).`,
      querystring: TimeseriesQuery,
    },
  }, async (req) => req.tenant.analytics.timeseries(toQuery(req.query), req.query.interval, req.query.tz));

  app.get('/export.csv', { config: { roles: ['analyst'] },
    schema: {
      tags: ['analytics'],
      summary: 'One report as CSV (UTF-8 with BOM, so Excel opens Chinese correctly)',
      description: `${FILTERS_DOC} report: conversations | agents | timeseries; lang: zh | en (labels, default zh).`,
      querystring: ExportQuery,
    },
  }, async (req, reply) => {
    const q = req.query;
    const filter = toQuery(q);
    const table =
      q.report === 'conversations'
        ? conversationsCsv(await req.tenant.analytics.conversations(filter), q.lang)
        : q.report === 'agents'
          ? agentsCsv(await req.tenant.analytics.agents(filter), q.lang)
          : timeseriesCsv(await req.tenant.analytics.timeseries(filter, q.interval, q.tz), q.lang);
    const day = req.tenant.clock.now().toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="analytics-${q.report}-${day}.csv"`)
      .send(toCsv(table.header, table.rows));
  });
};

export default routes;
