import type { RunHistoryRepo } from '@synapse/db';
import type { SystemStatus } from '../metrics/collectSystemStatus';
import type { AnalyticsService } from './createAnalyticsService';
import type { TemplateService } from './createTemplateService';

/** What the history, analytics, template and system-health routes need from the server. */
export interface HistoryDeps {
  runHistory: RunHistoryRepo;
  analytics: AnalyticsService;
  templates: TemplateService;
  systemStatus(): Promise<SystemStatus>;
}
