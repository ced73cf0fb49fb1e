import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/errors';
import { DEFAULT_LIMIT, Page, PageQueryDto, decodeCursor, pageOf } from '../common/pagination';
import { assertCanManage, checkGrantable, villagesOf } from '../users/grants';
import { RoleGrantRow } from '../users/role-grant.entity';
import { GRANT_ORDER, toGrant } from '../users/users.service';
import { Actor, isAdmin } from './actor';
import { ApiKey } from './api-key.entity';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { RoleGrant, isTownshipRole } from './roles';
import { randomToken, sha256 } from './secrets';
import { AuthRepository } from './auth.repository';

function toApiKeyDto(key: ApiKey, grants: RoleGrant[]): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    roles: grants.map((g) => ({ role: g.role, villageId: g.villageId })),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
  };
}

/**
 * API keys. A key acts on the authority of a user: the user who created it, or for a key
 * minted by another key, that key's user. So a key stops working while its user is disabled,
 * a minted key never outlives the key that minted it (its expiry is capped, and revoking a key
 * revokes the keys it minted, transitively), and a key grants only roles it holds itself.
 * Users a key created are people with their own credentials: they stay (staff disable them).
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly repo: AuthRepository,
  ) {}

  private async grantsOf(manager: EntityManager, keyIds: string[]): Promise<RoleGrantRow[]> {
    if (!keyIds.length) return [];
    return manager.find(RoleGrantRow, { where: { apiKeyId: In(keyIds) }, order: GRANT_ORDER });
  }

  /** Who the new key answers to, and the latest it may expire: a key's user and expiry bind what it mints. */
  private async lineage(tx: EntityManager, actor: Actor): Promise<{ ownerUserId: string | null; parentKeyId: string | null; notAfter: Date | null }> {
    if (actor.kind === 'user') return { ownerUserId: actor.id, parentKeyId: null, notAfter: null };
    if (actor.kind !== 'api_key' || !actor.id) return { ownerUserId: null, parentKeyId: null, notAfter: null };
    const parent = await tx.findOneByOrFail(ApiKey, { id: actor.id });
    return { ownerUserId: parent.ownerUserId, parentKeyId: parent.id, notAfter: parent.expiresAt };
  }

  async create(actor: Actor, dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.dataSource.transaction(async (tx) => {
      await checkGrantable(tx, actor, dto.roles);
      if (dto.roles.some((g) => g.role === 'resident')) {
        throw new DomainError('validation_failed', 'API keys cannot hold the resident role', { errors: [{ field: 'roles', message: 'resident is for users' }] });
      }
      // A machine client works for one village; township staff are people.
      if (dto.roles.some((g) => isTownshipRole(g.role))) {
        throw new DomainError('validation_failed', 'API keys cannot hold township roles', { errors: [{ field: 'roles', message: 'township roles are for users' }] });
      }
      const requested = dto.expiresAt ? new Date(dto.expiresAt) : null;
      if (requested && requested <= this.clock.now()) {
        throw new DomainError('validation_failed', 'expiresAt must be in the future', { errors: [{ field: 'expiresAt', message: 'must be in the future' }] });
      }
      const { ownerUserId, parentKeyId, notAfter } = await this.lineage(tx, actor);
      const expiresAt = notAfter && (!requested || requested > notAfter) ? notAfter : requested;
      const key = randomToken('jfk_');
      const row = tx.create(ApiKey, { name: dto.name.trim(), prefix: key.slice(0, 10), keyHash: sha256(key), ownerUserId, parentKeyId, expiresAt });
      await tx.insert(ApiKey, row);
      await tx.insert(
        RoleGrantRow,
        dto.roles.map((g) => ({ apiKeyId: row.id, role: g.role, villageId: g.villageId ?? null })),
      );
      const saved = await tx.findOneByOrFail(ApiKey, { id: row.id });
      const grants = (await this.grantsOf(tx, [row.id])).map(toGrant);
      const view = toApiKeyDto(saved, grants);
      await this.audit.recordInVillages(tx, actor, 'api_key.created', { type: 'api_key', id: row.id }, await villagesOf(tx, grants), null, { ...view, parentKeyId });
      return { ...view, key };
    });
  }

  /** Revokes the key and every key minted from it (each with its own event); 204 when already revoked. */
  async revoke(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const key = await tx.findOne(ApiKey, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw notFound('API key');
      assertCanManage(actor, (await this.grantsOf(tx, [id])).map(toGrant), 'API key');
      if (key.revokedAt) return;
      const ids = await this.repo.revokeKeyAndMinted(tx, id, this.clock.now());
      const [keys, grants] = await Promise.all([tx.findBy(ApiKey, { id: In(ids) }), this.grantsOf(tx, ids)]);
      for (const after of keys) {
        const own = grants.filter((g) => g.apiKeyId === after.id).map(toGrant);
        const view = toApiKeyDto(after, own);
        await this.audit.recordInVillages(tx, actor, 'api_key.revoked', { type: 'api_key', id: after.id }, await villagesOf(tx, own), { ...view, revokedAt: null }, {
          ...view,
          ...(after.id === id ? {} : { revokedWith: id }),
        });
      }
    });
  }

  async list(actor: Actor, query: PageQueryDto): Promise<Page<ApiKeyDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['uuid']);
    const villages = isAdmin(actor) ? null : actor.grants.filter((g) => g.role === 'village_admin').map((g) => g.villageId as string);
    const keys = await this.repo.apiKeysPage(this.dataSource.manager, after ? String(after[0]) : null, villages, limit + 1);
    const grants = await this.grantsOf(this.dataSource.manager, keys.map((k) => k.id));
    return pageOf(keys, limit, (k) => [k.id], (k) => toApiKeyDto(k, grants.filter((g) => g.apiKeyId === k.id).map(toGrant)));
  }
}
