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
  syncMessageTooLarge: 'synapse.sync.message_too_large',
  syncDocumentTooLarge: 'synapse.sync.document_too_large',
  syncPersistFailed: 'synapse.sync.persist_failed',
  syncForbidden: 'synapse.sync.forbidden',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
