import { AsyncLocalStorage } from 'node:async_hooks';
import { ErrorCodes } from '@synapse/schema';

/**
 * Catches a query on the outer Sql made from inside one of its own transactions. On PGlite (one
 * connection) that query would wait for the transaction forever; on Postgres it would silently run
 * outside it. Both drivers throw instead, so the mistake shows up in tests on either.
 */
export interface TransactionGuard {
  /** Runs fn as the body of an open transaction. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Throws when called from the body of a transaction that is still open. */
  check(operation: string): void;
}

export function createTransactionGuard(): TransactionGuard {
  const storage = new AsyncLocalStorage<{ open: boolean }>();
  return {
    async run(fn) {
      // A timer started inside the body keeps this context after the transaction ends; `open` lets it
      // use the outer Sql then.
      const scope = { open: true };
      try {
        return await storage.run(scope, fn);
      } finally {
        scope.open = false;
      }
    },
    check(operation) {
      if (storage.getStore()?.open) {
        throw new Error(
          `${ErrorCodes.dbOutsideTransaction}: ${operation}() on the outer Sql inside transaction(); use the tx passed to the callback`,
        );
      }
    },
  };
}
