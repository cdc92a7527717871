import { SecretHostsWidenedError, type SecretInfo, type SecretPutMode, type SecretsVault } from '@synapse/db';
import { ErrorCodes } from '@synapse/schema';
import type { Secret } from '@synapse/schema/api';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import { authorize, type MembershipLookup } from '../auth/authorize';
import { actorOf, type Principal } from '../auth/Principal';
import { HttpError } from '../http/HttpError';

/** The vault as the API offers it: no method returns a value; every change is audited by name only. */
export interface SecretsService {
  /** Editors and owners see hints and creators; viewers (and read tokens) see names and dates only. */
  list(principal: Principal, workspaceId: string): Promise<Secret[]>;
  create(principal: Principal, workspaceId: string, name: string, change: SecretChange): Promise<Secret>;
  /** A new value, a new host list, or both. */
  update(principal: Principal, workspaceId: string, name: string, change: SecretChange): Promise<Secret>;
  remove(principal: Principal, workspaceId: string, name: string): Promise<void>;
}

export interface SecretChange {
  value?: string;
  /** The hosts it may be sent to (ADR 0028); left out: unchanged (any host for a new secret). */
  allowedHosts?: readonly string[];
}

function sameHosts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((host, i) => host === b[i]);
}

function toView(info: SecretInfo, full: boolean): Secret {
  return {
    name: info.name,
    hint: full ? info.hint : null,
    createdBy: full ? info.createdBy : null,
    createdByName: full ? info.createdByName : null,
    createdAt: info.createdAt,
    updatedAt: info.updatedAt,
    lastUsedAt: info.lastUsedAt,
    allowedHosts: info.allowedHosts,
  };
}

/**
 * The workspace secrets vault's API side (ADR 0019). Route rules let editors and owners write: they can
 * already send a secret anywhere its host list allows through an HTTP request node, so holding the pen
 * adds nothing. Widening a list is for owners (ADR 0028).
 */
export function createSecretsService(deps: {
  vault: SecretsVault;
  members: MembershipLookup;
  audit: AuditRecorder;
}): SecretsService {
  const { vault, members, audit } = deps;

  async function write(
    principal: Principal,
    workspaceId: string,
    name: string,
    change: SecretChange,
    mode: Exclude<SecretPutMode, 'upsert'>,
  ): Promise<Secret> {
    let put: Awaited<ReturnType<SecretsVault['put']>>;
    // Editors narrow a secret's hosts; only owners widen them (ADR 0028): the list is what keeps an
    // editor from sending a secret they cannot read to a host of their choosing.
    const owner =
      authorize(principal, { kind: 'workspace', workspaceId, action: 'admin' }, members) === 'write';
    try {
      put = await vault.put({
        workspaceId,
        name,
        ...change,
        onlyNarrowHosts: !owner,
        actorId: actorOf(principal).id,
        mode,
      });
    } catch (error) {
      if (error instanceof SecretHostsWidenedError)
        throw new HttpError(403, ErrorCodes.forbidden, error.message);
      throw new HttpError(400, ErrorCodes.invalidRequest, (error as Error).message);
    }
    if (!put)
      throw mode === 'create'
        ? new HttpError(409, ErrorCodes.conflict, `a secret named ${name} exists; update it instead`)
        : new HttpError(404, ErrorCodes.notFound, `no secret named ${name} in this workspace`);
    // Names and hosts only: a value (or whether it changed into what) never reaches the audit log.
    const { previousAllowedHosts: before } = put;
    const after = put.secret.allowedHosts;
    const hostsChanged = before !== null && !sameHosts(before, after);
    await audit.record({
      workspaceId,
      actor: principal,
      kind: mode === 'create' ? 'secret.created' : 'secret.updated',
      target: name,
      details:
        mode === 'create'
          ? { name, allowedHosts: after }
          : {
              name,
              valueReplaced: change.value !== undefined,
              ...(hostsChanged ? { allowedHosts: { from: before, to: after } } : {}),
            },
    });
    return toView(put.secret, true);
  }

  return {
    async list(principal, workspaceId) {
      const full =
        authorize(principal, { kind: 'workspace', workspaceId, action: 'write' }, members) === 'write';
      return (await vault.list(workspaceId)).map((info) => toView(info, full));
    },

    create: (principal, workspaceId, name, change) => write(principal, workspaceId, name, change, 'create'),
    update: (principal, workspaceId, name, change) => write(principal, workspaceId, name, change, 'update'),

    async remove(principal, workspaceId, name) {
      if (!(await vault.remove(workspaceId, name)))
        throw new HttpError(404, ErrorCodes.notFound, `no secret named ${name} in this workspace`);
      await audit.record({
        workspaceId,
        actor: principal,
        kind: 'secret.deleted',
        target: name,
        details: { name },
      });
    },
  };
}
