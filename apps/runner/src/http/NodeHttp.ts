import type { ScopedSecret } from '@synapse/schema';
import type { HttpFetch } from './sendHttpRequest';

/** What an HTTP request node calls: the run's guarded fetch and its workspace's secrets. */
export interface NodeHttp {
  fetch: HttpFetch;
  /** The named secrets (value and allowed hosts); a name the vault does not hold is absent from the map. */
  readSecrets(names: string[]): Promise<Map<string, ScopedSecret>>;
  /** Waits between attempts (tests pass one that does not wait). */
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  random?(): number;
}
