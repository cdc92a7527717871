import { isIP } from 'node:net';
import {
  type AddressCheck,
  type AddressPolicy,
  checkAddress,
  createGuardedFetch,
  type LookupAddresses,
  normalizeBaseUrl,
  type ProviderKeyInfo,
  type ProviderKeyStore,
  systemLookup,
} from '@synapse/db';
import { ErrorCodes } from '@synapse/schema';
import { isMcpHeaderProvider, isWebSearchProvider, webSearchRequest } from '@synapse/tools';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import { actorOf, type Principal } from '../auth/Principal';
import { HttpError } from '../http/HttpError';
import type { Logger } from '../logger';
import { defaultBaseUrl, modelsUrl } from './defaultBaseUrl';

export interface KeyTestResult {
  ok: boolean;
  /** The provider's HTTP status, when it answered. */
  status: number | null;
  message: string;
}

export interface KeyService {
  list(workspaceId: string): Promise<ProviderKeyInfo[]>;
  add(
    actor: Principal,
    workspaceId: string,
    input: { provider: string; apiKey: string; baseUrl?: string; label?: string; weight?: number },
  ): Promise<ProviderKeyInfo>;
  remove(actor: Principal, workspaceId: string, id: string): Promise<void>;
  /** Changes a key's share of its provider's calls. */
  setWeight(actor: Principal, workspaceId: string, id: string, weight: number): Promise<ProviderKeyInfo>;
  /** A minimal request (list models) to the key's saved base URL, through the address policy. */
  test(actor: Principal, workspaceId: string, id: string): Promise<KeyTestResult>;
}

const TEST_TIMEOUT_MS = 10_000;

/** The cheapest authenticated request: list models, or for a search key one one-result search. */
function testRequest(provider: string, baseUrl: string, apiKey: string): { url: string; init: RequestInit } {
  if (isWebSearchProvider(provider)) return webSearchRequest(provider, baseUrl, apiKey, 'synapse', 1);
  const headers: Record<string, string> =
    provider === 'anthropic'
      ? { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' }
      : { authorization: `Bearer ${apiKey}` };
  return { url: modelsUrl(provider, baseUrl), init: { headers } };
}

/**
 * The address check a key gets when it is saved: only what needs no DNS, so a key can be saved offline
 * or for a host that resolves only where the runner is. A literal IP address (the metadata endpoint,
 * 10/8, loopback) must pass the policy now; a name is checked on what it resolves to each time the key
 * is used or tested (createGuardedFetch), which is also the only check a rebinding name cannot dodge.
 */
async function checkLiteralAddress(
  baseUrl: string,
  policy: AddressPolicy,
): Promise<AddressCheck | { ok: true }> {
  const { hostname } = new URL(baseUrl);
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (isIP(host) === 0) return { ok: true };
  // A literal needs no lookup; one that is asked for anyway is a bug, so it fails closed.
  return checkAddress(baseUrl, policy, async () => {
    throw new Error('no DNS at save time');
  });
}

/**
 * Provider keys for a workspace. Plaintext keys only pass through here on their way into the encrypted
 * store, and out of it into a request to the one base URL the key was saved with; responses carry hints.
 */
export function createKeyService(options: {
  store: ProviderKeyStore;
  audit: AuditRecorder;
  policy: AddressPolicy;
  lookup?: LookupAddresses;
  logger: Logger;
}): KeyService {
  const { store, audit, policy, logger } = options;
  const lookup = options.lookup ?? systemLookup;
  const guardedFetch = createGuardedFetch({ policy, lookup });

  /** The workspace's keys, without the MCP auth headers the same store holds (the MCP service owns those). */
  const listKeys = async (workspaceId: string) =>
    (await store.list(workspaceId)).filter((k) => !isMcpHeaderProvider(k.provider));

  return {
    list: listKeys,

    async add(actor, workspaceId, input) {
      const candidate = input.baseUrl?.trim() || defaultBaseUrl(input.provider);
      if (!candidate)
        throw new HttpError(400, ErrorCodes.invalidRequest, `provider ${input.provider} needs a base URL`);
      let baseUrl: string;
      try {
        baseUrl = normalizeBaseUrl(candidate);
      } catch (error) {
        throw new HttpError(400, ErrorCodes.invalidRequest, `invalid base URL: ${(error as Error).message}`);
      }
      const check = await checkLiteralAddress(baseUrl, policy);
      if (!check.ok) throw new HttpError(422, ErrorCodes.addressRefused, `base URL refused: ${check.reason}`);
      let info: ProviderKeyInfo;
      try {
        info = await store.save({ ...input, workspaceId, baseUrl, createdBy: actorOf(actor).id });
      } catch (error) {
        throw new HttpError(400, ErrorCodes.invalidRequest, (error as Error).message);
      }
      await audit.record({
        workspaceId,
        actor,
        kind: 'key.created',
        target: info.id,
        details: {
          provider: info.provider,
          label: info.label,
          baseUrl: info.baseUrl,
          hint: info.hint,
          weight: info.weight,
        },
      });
      return info;
    },

    async remove(actor, workspaceId, id) {
      const info = (await listKeys(workspaceId)).find((k) => k.id === id);
      if (!info || !(await store.remove(workspaceId, id)))
        throw new HttpError(404, ErrorCodes.notFound, 'no such key in this workspace');
      await audit.record({
        workspaceId,
        actor,
        kind: 'key.deleted',
        target: id,
        details: { provider: info.provider, label: info.label, hint: info.hint },
      });
    },

    async setWeight(actor, workspaceId, id, weight) {
      const before = (await listKeys(workspaceId)).find((k) => k.id === id);
      const info = before ? await store.setWeight(workspaceId, id, weight) : null;
      if (!before || !info) throw new HttpError(404, ErrorCodes.notFound, 'no such key in this workspace');
      await audit.record({
        workspaceId,
        actor,
        kind: 'key.weight_changed',
        target: id,
        details: { provider: info.provider, label: info.label, from: before.weight, to: info.weight },
      });
      return info;
    },

    async test(actor, workspaceId, id) {
      const info = (await listKeys(workspaceId)).find((k) => k.id === id);
      if (!info) throw new HttpError(404, ErrorCodes.notFound, 'no such key in this workspace');
      const resolved = await store.resolveById(workspaceId, id, actorOf(actor));
      if (!resolved) throw new HttpError(404, ErrorCodes.notFound, 'no such key in this workspace');
      const request = testRequest(info.provider, resolved.baseUrl, resolved.apiKey);
      try {
        const response = await guardedFetch(request.url, {
          ...request.init,
          signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
        });
        // The body is never passed on: some providers echo the key they were sent in error messages.
        const body = (await response.json().catch(() => null)) as { data?: unknown[] } | null;
        if (response.ok) {
          const models = !isWebSearchProvider(info.provider) && Array.isArray(body?.data);
          const count = models ? (body?.data?.length ?? null) : null;
          return {
            ok: true,
            status: response.status,
            message:
              count === null
                ? 'The provider accepted the key.'
                : `The provider accepted the key (${count} models).`,
          };
        }
        const message =
          response.status === 401 || response.status === 403
            ? 'The provider rejected the key.'
            : `The provider answered HTTP ${response.status}.`;
        return { ok: false, status: response.status, message };
      } catch (error) {
        const err = error as Error & { code?: string };
        if (err.code === ErrorCodes.addressRefused) return { ok: false, status: null, message: err.message };
        logger.info(
          { keyId: id, err: { name: err.name, message: err.message } },
          'key test failed to connect',
        );
        return {
          ok: false,
          status: null,
          message:
            err.name === 'TimeoutError'
              ? 'The provider did not answer in time.'
              : 'Could not reach the provider.',
        };
      }
    },
  };
}
