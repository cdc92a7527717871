export {
  API_TOKEN_SCOPES,
  type ApiTokenInfo,
  type ApiTokenScope,
  type ApiTokensRepo,
  createApiTokensRepo,
} from './apiTokensRepo';
export {
  type AuditEvent,
  type AuditLog,
  type AuditQuery,
  createAuditLog,
  type NewAuditEvent,
} from './auditLog';
export {
  type AuditRetention,
  createAuditRetention,
  type PrunedWorkspace,
} from './auditRetention';
export {
  type AddressCheck,
  type AddressPolicy,
  checkAddress,
  DEFAULT_ADDRESS_POLICY,
  type LookupAddresses,
  parseAddressAllowList,
  type ResolvedAddress,
  systemLookup,
} from './checkAddress';
export { type AddressClass, addressInCidr, classifyAddress } from './classifyAddress';
export { type ConnectRedisOptions, connectRedis, type Redis } from './connectRedis';
export {
  AddressRefusedError,
  createGuardedFetch,
  type GuardedFetch,
  type GuardedFetchOptions,
} from './createGuardedFetch';
export { createPgliteSql } from './createPgliteSql';
export type { PostgresSqlOptions } from './createPostgresSql';
export { createPostgresSql } from './createPostgresSql';
export { acquireDataDirLock, DataDirLockedError } from './dataDirLock';
export type { CompactResult, DocumentChanges, DocumentStore, StoredDocument } from './documentStore';
export { createDocumentStore, type DocumentStoreOptions, LOG_ROW_OVERHEAD_BYTES } from './documentStore';
export { findCalledVersion } from './findCalledVersion';
export { hashToken, newToken } from './hashToken';
export { createInvitesRepo, type Invite, type InvitesRepo, type InviteWithWorkspace } from './invitesRepo';
export { addMasterKey, formatMasterKeyring, type MasterKeyring, parseMasterKeyring } from './masterKeyring';
export {
  createMcpServersRepo,
  type McpServerRow,
  type McpServersRepo,
  newMcpServerId,
} from './mcpServersRepo';
export {
  createMembershipsRepo,
  isRole,
  type Member,
  type Membership,
  type MembershipsRepo,
  ROLES,
  type Role,
  type WorkspaceMembership,
} from './membershipsRepo';
export {
  createMemoryRepo,
  MAX_MEMORY_CHARS,
  type MemoryEntry,
  type MemoryHit,
  type MemoryRepo,
} from './memoryRepo';
export {
  createMemoryUsageRepo,
  type MemoryUsageDay,
  type MemoryUsageEntry,
  type MemoryUsageRepo,
  type MemoryUsageReport,
} from './memoryUsageRepo';
export { migrate } from './migrate';
export { openDatabase } from './openDatabase';
export type { JobQueueOptions, RunJob } from './openJobQueue';
export { openJobQueue, RUN_QUEUE } from './openJobQueue';
export { openPglite } from './openPglite';
export { openPostgres } from './openPostgres';
export {
  createProviderKeyStore,
  type KeyActor,
  maskApiKey,
  normalizeBaseUrl,
  type ProviderKeyChoice,
  type ProviderKeyInfo,
  type ProviderKeyStore,
  type ProviderKeyStoreOptions,
  type ResolvedProviderKey,
} from './providerKeyStore';
export type { PublishedVersion, PublishedVersionRepo } from './publishedVersions';
export { createPublishedVersionRepo } from './publishedVersions';
export {
  createPublishedWorkflowsRepo,
  type PublishedWorkflow,
  type PublishedWorkflowsRepo,
} from './publishedWorkflowsRepo';
export {
  type ApprovalDecisionInput,
  type ApprovalDecisionKind,
  createRunApprovalsRepo,
  type DecideOutcome,
  type RunApproval,
  type RunApprovalsRepo,
  type UnclaimedResume,
} from './runApprovalsRepo';
export { type CheckpointRepo, createCheckpointRepo, type NodeCheckpoint } from './runCheckpoints';
export {
  type AnalyticsQuery,
  createRunHistoryRepo,
  type RunHistoryFilter,
  type RunHistoryPage,
  type RunHistoryRepo,
  type UsageBucket,
} from './runHistory';
export {
  createRunIdempotencyRepo,
  IDEMPOTENCY_PENDING_MS,
  IDEMPOTENCY_WINDOW_MS,
  type IdempotencyClaim,
  type RunIdempotencyRepo,
} from './runIdempotencyRepo';
export type { RunClaim, RunPatch, RunRow, RunsRepo } from './runsRepo';
export { createRunsRepo, DEFAULT_RUN_DEADLINE_MS, RUN_CANCEL_CHANNEL } from './runsRepo';
export type { Database, Row, Sql } from './Sql';
export {
  createSchedulesRepo,
  type ScheduleFiring,
  type ScheduleFiringStatus,
  type ScheduleOverlap,
  type SchedulePatch,
  type ScheduleRow,
  type SchedulesRepo,
} from './schedulesRepo';
export {
  assertStorableSecret,
  createSecretsVault,
  MAX_SECRET_BYTES,
  MissingSecretsError,
  normalizeSecretHosts,
  SecretHostsWidenedError,
  type SecretInfo,
  type SecretPut,
  type SecretPutMode,
  type SecretPutResult,
  type SecretsVault,
  secretHint,
} from './secretsVault';

export {
  createSessionsRepo,
  type SessionsRepo,
  type SessionsRepoOptions,
  type SessionUser,
  type SessionVia,
} from './sessionsRepo';
export { createSsoRepo, type SsoIdentity, type SsoRepo, type SsoUser } from './ssoRepo';
export {
  type ChildRunInput,
  createSubworkflowRunsRepo,
  type StrandedParent,
  type SubworkflowRunsRepo,
  subworkflowTrigger,
} from './subworkflowRunsRepo';
export { createSystemStatusRepo, type RunQueueStatus, type SystemStatusRepo } from './systemStatusRepo';
export {
  createTwoFactorRepo,
  normalizeRecoveryCode,
  type TwoFactorRepo,
  type TwoFactorState,
} from './twoFactorRepo';
export { type Account, createUsersRepo, normalizeEmail, type User, type UsersRepo } from './usersRepo';
export {
  createWebhooksRepo,
  type DeliveryClaim,
  WEBHOOK_PENDING_MS,
  WEBHOOK_REPLAY_WINDOW_MS,
  type WebhookDelivery,
  type WebhookDeliveryStatus,
  type WebhookInfo,
  type WebhookRespond,
  type WebhookRow,
  type WebhookSignature,
  type WebhooksRepo,
} from './webhooksRepo';
export { deleteWorkflowTriggers, listTriggeredWorkflows, type RemovedTriggers } from './workflowTriggers';
export type { VersionRepo, VersionSummary, WorkflowVersion } from './workflowVersions';
export { createVersionRepo } from './workflowVersions';
export type { Workspace, WorkspacesRepo } from './workspacesRepo';
export { createWorkspacesRepo } from './workspacesRepo';
