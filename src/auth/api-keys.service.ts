import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/errors';
import { DEFAULT_LIMIT, Page, PageQueryDto, decodeCursor, pageOf } from '../common/pagination';
import { RoleGrantRow } from '../users/role-grant.entity';
import { checkGrantable, toGrant } from '../users/users.service';
import { Actor, isAdmin } from './actor';
import { ApiKey } from './api-key.entity';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { RoleGrant } from './roles';
import { randomToken, sha256 } from './secrets';

function toApiKeyDto(key: ApiKey, grants: RoleGrant[]): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    roles: grants.map((g) => ({ role: g.role, villageId: g.villageId })),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
  };
}

/** A village admin manages keys whose every role is in villages they administer. */
function canManage(actor: Actor, grants: RoleGrant[]): boolean {
  if (isAdmin(actor)) return true;
  return grants.every((g) => g.villageId !== null && actor.grants.some((a) => a.role === 'village_admin' && a.villageId === g.villageId));
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  private async grantsOf(manager: EntityManager, keyIds: string[]): Promise<RoleGrantRow[]> {
    if (!keyIds.length) return [];
    return manager.getRepository(RoleGrantRow).createQueryBuilder('g').where('g.api_key_id IN (:...keyIds)', { keyIds }).orderBy('g.created_at').getMany();
  }

  async create(actor: Actor, dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.dataSource.transaction(async (tx) => {
      await checkGrantable(tx, actor, dto.roles);
      if (dto.roles.some((g) => g.role === 'resident')) {
        throw new DomainError('validation_failed', 'API keys cannot hold the resident role', { errors: [{ field: 'roles', message: 'resident is for users' }] });
      }
      const key = randomToken('jfk_');
      const row = tx.create(ApiKey, { name: dto.name.trim(), prefix: key.slice(0, 10), keyHash: sha256(key), createdBy: actor.id });
      await tx.insert(ApiKey, row);
      await tx.insert(
        RoleGrantRow,
        dto.roles.map((g) => ({ apiKeyId: row.id, role: g.role, villageId: g.villageId ?? null })),
      );
      const saved = await tx.findOneByOrFail(ApiKey, { id: row.id });
      const view = toApiKeyDto(saved, (await this.grantsOf(tx, [row.id])).map(toGrant));
      const villageIds = [...new Set(view.roles.map((g) => g.villageId))];
      await this.audit.record(tx, actor, 'api_key.created', { type: 'api_key', id: row.id, villageId: villageIds.length === 1 ? villageIds[0] : null }, null, view);
      return { ...view, key };
    });
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const key = await tx.findOne(ApiKey, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const grants = key ? (await this.grantsOf(tx, [id])).map(toGrant) : [];
      if (!key || !canManage(actor, grants)) throw notFound('API key');
      if (key.revokedAt) return;
      const before = toApiKeyDto(key, grants);
      key.revokedAt = new Date();
      await tx.save(key);
      const villageIds = [...new Set(grants.map((g) => g.villageId))];
      await this.audit.record(tx, actor, 'api_key.revoked', { type: 'api_key', id, villageId: villageIds.length === 1 ? villageIds[0] : null }, before, toApiKeyDto(key, grants));
    });
  }

  async list(actor: Actor, query: PageQueryDto): Promise<Page<ApiKeyDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['uuid']);
    const qb = this.dataSource.getRepository(ApiKey).createQueryBuilder('k').orderBy('k.id', 'ASC').limit(limit + 1);
    if (after) qb.andWhere('k.id > :after', { after: after[0] });
    if (!isAdmin(actor)) {
      const villages = actor.grants.filter((g) => g.role === 'village_admin').map((g) => g.villageId as string);
      qb.andWhere('NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.api_key_id = k.id AND (g.village_id IS NULL OR NOT (g.village_id = ANY(:villages))))', { villages });
    }
    const keys = await qb.getMany();
    const grants = await this.grantsOf(this.dataSource.manager, keys.map((k) => k.id));
    return pageOf(keys, limit, (k) => [k.id], (k) => toApiKeyDto(k, grants.filter((g) => g.apiKeyId === k.id).map(toGrant)));
  }
}
