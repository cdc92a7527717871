import type { SecretInfo, SecretPutMode, SecretsVault } from '@synapse/db';
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
  create(principal: Principal, workspaceId: string, name: string, value: string): Promise<Secret>;
  update(principal: Principal, workspaceId: string, name: string, value: string): Promise<Secret>;
  remove(principal: Principal, workspaceId: string, name: string): Promise<void>;
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
  };
}

/**
 * The workspace secrets vault's API side (ADR 0019). Route rules let editors and owners write: they can
 * already send any secret anywhere through an HTTP request node, so holding the pen adds nothing.
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
    value: string,
    mode: Exclude<SecretPutMode, 'upsert'>,
  ): Promise<Secret> {
    let put: Awaited<ReturnType<SecretsVault['put']>>;
    try {
      put = await vault.put({ workspaceId, name, value, actorId: actorOf(principal).id, mode });
    } catch (error) {
      throw new HttpError(400, ErrorCodes.invalidRequest, (error as Error).message);
    }
    if (!put)
      throw mode === 'create'
        ? new HttpError(409, ErrorCodes.conflict, `a secret named ${name} exists; update it instead`)
        : new HttpError(404, ErrorCodes.notFound, `no secret named ${name} in this workspace`);
    await audit.record({
      workspaceId,
      actor: principal,
      kind: mode === 'create' ? 'secret.created' : 'secret.updated',
      target: name,
      details: { name },
    });
    return toView(put.secret, true);
  }

  return {
    async list(principal, workspaceId) {
      const full =
        authorize(principal, { kind: 'workspace', workspaceId, action: 'write' }, members) === 'write';
      return (await vault.list(workspaceId)).map((info) => toView(info, full));
    },

    create: (principal, workspaceId, name, value) => write(principal, workspaceId, name, value, 'create'),
    update: (principal, workspaceId, name, value) => write(principal, workspaceId, name, value, 'update'),

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
