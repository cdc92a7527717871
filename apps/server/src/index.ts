export { AUDIT_RETENTION_CRON, AUDIT_RETENTION_QUEUE } from './audit/scheduleAuditRetention';
export {
  type Access,
  authorize,
  devMembership,
  type MembershipLookup,
  type Resource,
} from './auth/authorize';
export { ANONYMOUS, DEV_USER, type Principal, RUNNER_SERVICE } from './auth/Principal';
export { loadServerConfig, openConfiguredDatabase, type ServerConfig } from './config';
export type { App } from './http/createApp';
export { compileRules, ROUTE_RULES, type RouteRule } from './http/routeAccess';
export { createLogger, type Logger } from './logger';
export { IDEMPOTENCY_PRUNE_CRON, IDEMPOTENCY_PRUNE_QUEUE } from './runs/scheduleIdempotencyPrune';
export { SCHEDULE_QUEUE } from './schedules/createPgBossTicks';
export { rotateProviderKeys } from './secrets/rotateProviderKeys';
export { type ServerHandle, type StartServerOptions, startServer, VERSION } from './startServer';
export { defaultCompactionPolicy } from './sync/createDurablePersistence';
