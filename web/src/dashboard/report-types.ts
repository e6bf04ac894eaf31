import type { createAnalyticsReports } from '../../../src/use-cases/analytics-reports.js';
import type { Wire } from '../shared/wire.js';

type Reports = ReturnType<typeof createAnalyticsReports>;
/** The three reports as /v1/analytics/* sends them (types shared with the service). */
export type ConversationReport = Wire<Awaited<ReturnType<Reports['conversations']>>>;
export type AgentReport = Wire<Awaited<ReturnType<Reports['agents']>>>;
export type TimeseriesReport = Wire<Awaited<ReturnType<Reports['timeseries']>>>;
