// Dotted, stable codes shared by the HTTP API (`{ error: { code } }`), sync close reasons and the UI.
export const ErrorCodes = {
  dagCycle: 'synapse.dag.cycle',
  dagEmpty: 'synapse.dag.empty',
  dagUnknownReference: 'synapse.dag.unknown_reference',
  notFound: 'synapse.not_found',
  invalidRequest: 'synapse.invalid_request',
  forbidden: 'synapse.forbidden',
  unauthorized: 'synapse.unauthorized',
  internal: 'synapse.internal',
  runFinished: 'synapse.run.finished',
  syncMessageTooLarge: 'synapse.sync.message_too_large',
  syncDocumentTooLarge: 'synapse.sync.document_too_large',
  syncPersistFailed: 'synapse.sync.persist_failed',
  syncForbidden: 'synapse.sync.forbidden',
  syncMalformedFrame: 'synapse.sync.malformed_frame',
  syncInvalidUpdate: 'synapse.sync.invalid_update',
  syncRateLimited: 'synapse.sync.rate_limited',
  syncTooManyDocuments: 'synapse.sync.too_many_documents',
  syncRevoked: 'synapse.sync.revoked',
  rateLimited: 'synapse.rate_limited',
  csrf: 'synapse.csrf',
  conflict: 'synapse.conflict',
  addressRefused: 'synapse.address.refused',
  // HTTP request guards (apps/server/src/http: hostGuard, bodyGuards)
  hostNotAllowed: 'synapse.host_not_allowed',
  payloadTooLarge: 'synapse.payload_too_large',
  unsupportedMediaType: 'synapse.unsupported_media_type',

  // Issue 11, audit and errors: codes that were written inline. Runs (the runner's node and run outcomes).
  runUpstreamFailed: 'synapse.run.upstream_failed',
  runBranchNotTaken: 'synapse.run.branch_not_taken',
  runNoBranch: 'synapse.run.no_branch',
  // A Map node's list could not be split into items (not a JSON array, or too many items).
  runMapList: 'synapse.run.map_list',
  runNodeFailed: 'synapse.run.node_failed',
  runDeadline: 'synapse.run.deadline',
  runMaxSteps: 'synapse.run.max_steps',
  runInterrupted: 'synapse.run.interrupted',
  runFenced: 'synapse.run.fenced',
  runCancelled: 'synapse.run.cancelled',
  // Model providers (packages/providers `ProviderError`).
  providerAuth: 'synapse.provider.auth',
  providerRateLimit: 'synapse.provider.rate_limit',
  providerTimeout: 'synapse.provider.timeout',
  providerServer: 'synapse.provider.server',
  providerInvalidRequest: 'synapse.provider.invalid_request',
  providerTruncatedStream: 'synapse.provider.truncated_stream',
  providerNetwork: 'synapse.provider.network',
  providerCancelled: 'synapse.provider.cancelled',
  providerNotConfigured: 'synapse.provider.not_configured',
  providerCircuitOpen: 'synapse.provider.circuit_open',
  // Tools and memory.
  toolsUnknown: 'synapse.tools.unknown',
  toolsUnknownServer: 'synapse.tools.unknown_server',
  toolsConnectTimeout: 'synapse.tools.connect_timeout',
  toolsConnectFailed: 'synapse.tools.connect_failed',
  toolsUnavailable: 'synapse.tools.unavailable',
  toolsMaxIterations: 'synapse.tools.max_iterations',
  memoryUnavailable: 'synapse.memory.unavailable',
  memoryWriteFailed: 'synapse.memory.write_failed',
  // Database and secrets (thrown as the message prefix `code: what happened`).
  dbOutsideTransaction: 'synapse.db.outside_transaction',
  dbCloseInTransaction: 'synapse.db.close_in_transaction',
  dbBadChannel: 'synapse.db.bad_channel',
  dbMigrationChanged: 'synapse.db.migration_changed',
  dbDataDirLocked: 'synapse.db.data_dir_locked',
  dbDataDirLockContended: 'synapse.db.data_dir_lock_contended',
  secretsCorrupt: 'synapse.secrets.corrupt',
  secretsUnknownMasterKey: 'synapse.secrets.unknown_master_key',
  // The workspace vault ([triggers] issue 14): a run references secrets the vault does not hold (the
  // error names each one).
  secretsMissing: 'synapse.secrets.missing',
  // Single sign-on ([enterprise] SSO): a password session refused by an SSO-only workspace.
  ssoRequired: 'synapse.auth.sso_required',
  // The web app: a request that never reached the server.
  network: 'synapse.network',

  // Two-factor authentication (issue 17, i-totp). `twoFactorRequired`: the workspace requires 2FA and the
  // account has none, or the session was signed in without the second factor (API 403 and sync refusal).
  twoFactorRequired: 'synapse.auth.two_factor_required',
  twoFactorInvalidCode: 'synapse.auth.two_factor_invalid_code',
  twoFactorChallengeExpired: 'synapse.auth.two_factor_challenge_expired',

  // Run inputs and versions ([run-api] issue 13). `runInputs`: an unknown, missing or mistyped input
  // (422, details.issues name each one); `noPublishedVersion`: a run of the published version of a
  // workflow that has none (409).
  runInputs: 'synapse.run.invalid_inputs',
  noPublishedVersion: 'synapse.run.no_published_version',

  // Schedules ([triggers] issue 14): a cron expression or time zone that cannot be evaluated (422).
  scheduleInvalid: 'synapse.schedule.invalid',
  // Node types ([nodes] issue 15). `nodeInvalidConfig`: a node's settings fail its type's validation
  // (422 before a run; details.issues name each node and field).
  nodeInvalidConfig: 'synapse.node.invalid_config',
  // HTTP request nodes ([triggers] issue 14). The address policy's refusal is `addressRefused`.
  httpUnavailable: 'synapse.http.unavailable',
  httpInvalidRequest: 'synapse.http.invalid_request',
  httpStatus: 'synapse.http.status',
  httpTimeout: 'synapse.http.timeout',
  httpNetwork: 'synapse.http.network',
  httpTooLarge: 'synapse.http.too_large',
  httpTooManyRedirects: 'synapse.http.too_many_redirects',
  // A request (or a redirect hop) to a host a secret it carries is not allowed to reach (ADR 0028):
  // nothing is sent to that host.
  httpSecretHost: 'synapse.http.secret_host',
  // Human approval (ADR 0023). `approvalRejected`: the node's outcome when an editor rejected;
  // `approvalNotPending`: a decision for a node that is not waiting (404); `approvalDecided`: someone
  // (or the timeout) decided first (409); `approvalUnavailable`: a run that cannot wait (no gate).
  approvalRejected: 'synapse.approval.rejected',
  approvalNotPending: 'synapse.approval.not_pending',
  approvalDecided: 'synapse.approval.already_decided',
  approvalUnavailable: 'synapse.approval.unavailable',
  // Sub-workflows (ADR 0024). `subworkflowCycle`: a call chain comes back to a workflow on it (422,
  // naming the chain); `subworkflowNotFound`: the called workflow, its pinned version or its published
  // version does not exist (422); `subworkflowTooDeep`: calls nest past SUBWORKFLOW_MAX_DEPTH (422);
  // `subworkflowFailed`: the child run failed or was cancelled (the node's outcome);
  // `subworkflowUnavailable`: a run that cannot start child runs (no resolver).
  subworkflowCycle: 'synapse.subworkflow.cycle',
  subworkflowNotFound: 'synapse.subworkflow.not_found',
  subworkflowTooDeep: 'synapse.subworkflow.too_deep',
  subworkflowFailed: 'synapse.subworkflow.failed',
  subworkflowUnavailable: 'synapse.subworkflow.unavailable',
  // A structured-output agent's reply did not match its schema after one repair turn.
  runInvalidOutput: 'synapse.run.invalid_output',
  // Export of something exported scripts cannot do (a Human approval), naming the node.
  exportUnsupported: 'synapse.export.unsupported',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
