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
  // Web client (apps/web/src/api/apiRequest.ts): the server could not be reached at all.
  network: 'synapse.network',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
