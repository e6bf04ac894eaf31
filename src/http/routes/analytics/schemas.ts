import { z } from 'zod';
import type { AnalyticsQuery } from '../../../use-cases/analytics-reports.js';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/**
 * The dashboard filters (docs/analytics.md). Strict: a misspelt filter (`knowledgeBase=`) is a
 * 400, not a silently unfiltered report.
 */
const filterFields = {
  from: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 instant; default: 7 days before `to`'),
  to: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 instant, exclusive; default: now'),
  channel: z.string().trim().min(1).max(50).optional(),
  knowledgeBaseId: z.guid().optional(),
  agentId: z.guid().optional(),
  skill: z.string().trim().min(1).max(50).optional(),
  team: z.string().trim().min(1).max(100).optional(),
};
const timeseriesFields = {
  interval: z.enum(['hour', 'day']).default('day'),
  tz: z.string().max(64).refine(isTimeZone, 'Unknown time zone').default('UTC').describe('IANA time zone of the buckets, e.g. Asia/Shanghai'),
};

export const Filters = z.object(filterFields).strict();
export const TimeseriesQuery = z.object({ ...filterFields, ...timeseriesFields }).strict();
export const ExportQuery = z
  .object({
    ...filterFields,
    ...timeseriesFields,
    report: z.enum(['conversations', 'agents', 'timeseries']),
    lang: z.enum(['zh', 'en']).default('zh').describe('Language of the header and labels'),
  })
  .strict();

/** Query strings → the use case's filter (dates parsed; empty values already refused). */
export function toQuery(q: z.infer<typeof Filters>): AnalyticsQuery {
  return {
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    channel: q.channel,
    knowledgeBaseId: q.knowledgeBaseId,
    agentId: q.agentId,
    skill: q.skill,
    team: q.team,
  };
}
