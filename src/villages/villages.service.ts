import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AccessChanges } from '../core/identity/access-changes';
import { Actor, actorVillages, assertTownshipRole, assertVillageRole, isAdmin } from '../core/identity/actor';
import { Township } from '../townships/township.entity';
import { ROLES } from '../core/identity/roles';
import { isUniqueViolation } from '../core/database/db-errors';
import { DomainError, notFound } from '../core/errors/errors';
import { DEFAULT_LIMIT, Page, decodeCursor, pageOf } from '../core/http/pagination';
import { CreateVillageDto, ListVillagesQueryDto, UpdateVillageDto, VillageDto, VillageSettingsDto } from './dto/village.dto';
import { VillageOpening } from './village-opening';
import { Village, VillageSettings } from './village.entity';

export const DEFAULT_SETTINGS: VillageSettings = {
  noticePeriodDays: 3,
  quorum: 3,
  timezone: 'Asia/Shanghai',
  pointsExpiry: { mode: 'none' },
  starThresholds: [50, 100, 150, 200, 300],
  showDeductionNames: true,
};

function mergeSettings(base: VillageSettings, patch: VillageSettingsDto | undefined): VillageSettings {
  if (!patch) return base;
  return {
    noticePeriodDays: patch.noticePeriodDays ?? base.noticePeriodDays,
    quorum: patch.quorum ?? base.quorum,
    timezone: patch.timezone ?? base.timezone,
    pointsExpiry: patch.pointsExpiry
      ? { mode: patch.pointsExpiry.mode, ...(patch.pointsExpiry.mode === 'annual' ? { resetDate: patch.pointsExpiry.resetDate } : {}) }
      : base.pointsExpiry,
    starThresholds: patch.starThresholds ?? base.starThresholds ?? DEFAULT_SETTINGS.starThresholds,
    showDeductionNames: patch.showDeductionNames ?? base.showDeductionNames ?? DEFAULT_SETTINGS.showDeductionNames,
  };
}

export function toVillageDto(village: Village): VillageDto {
  return {
    id: village.id,
    code: village.code,
    name: village.name,
    township: village.township,
    townshipId: village.townshipId,
    // Villages created before a setting existed read its default.
    settings: { ...DEFAULT_SETTINGS, ...village.settings },
    createdAt: village.createdAt.toISOString(),
    updatedAt: village.updatedAt.toISOString(),
  };
}

@Injectable()
export class VillagesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly opening: VillageOpening,
    private readonly access: AccessChanges,
  ) {}

  /**
   * The township a village is put in: it must exist (404), and a township admin puts villages
   * only in its own township (404 for another, 403 for none given: it creates no free villages).
   */
  private async township(tx: EntityManager, actor: Actor, townshipId: string | null | undefined): Promise<Township | null> {
    if (!isAdmin(actor)) {
      if (!townshipId) throw new DomainError('forbidden', 'A township admin creates villages in its own township: give townshipId');
      assertTownshipRole(actor, townshipId, ['township_admin']);
    }
    if (!townshipId) return null;
    const township = await tx.findOneBy(Township, { id: townshipId });
    if (!township) throw notFound('Township');
    return township;
  }

  async create(actor: Actor, dto: CreateVillageDto): Promise<VillageDto> {
    const saved = await this.dataSource.transaction(async (tx) => {
      const township = await this.township(tx, actor, dto.townshipId);
      const village = tx.create(Village, {
        code: dto.code,
        name: dto.name.trim(),
        township: dto.township?.trim() || township?.name || null,
        townshipId: township?.id ?? null,
        settings: mergeSettings(DEFAULT_SETTINGS, dto.settings),
      });
      try {
        await tx.insert(Village, village);
      } catch (error) {
        if (isUniqueViolation(error, 'villages_code_key')) {
          throw new DomainError('conflict', `A village with code ${dto.code} already exists`);
        }
        throw error;
      }
      const saved = toVillageDto(await tx.findOneByOrFail(Village, { id: village.id }));
      // Its system accounts, in the same transaction.
      await this.opening.open(tx, saved.id);
      await this.audit.record(tx, actor, 'village.created', { type: 'village', id: saved.id, villageId: saved.id }, null, saved);
      return saved;
    });
    // Township grants reach the new village: cached access is stale (other processes hear the trigger).
    if (saved.townshipId) this.access.forget({ allUsers: true });
    return saved;
  }

  async get(actor: Actor, id: string): Promise<VillageDto> {
    assertVillageRole(actor, id, ROLES, 'Village');
    const village = await this.dataSource.getRepository(Village).findOneBy({ id });
    if (!village) throw notFound('Village');
    return toVillageDto(village);
  }

  /** Ordered by code (unique), so the keyset cursor is the last code seen. */
  async list(actor: Actor, query: ListVillagesQueryDto): Promise<Page<VillageDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['text']);
    const qb = this.dataSource.getRepository(Village).createQueryBuilder('v').orderBy('v.code', 'ASC').limit(limit + 1);
    if (after) qb.andWhere('v.code > :after', { after: after[0] });
    if (!isAdmin(actor)) qb.andWhere('v.id = ANY(:mine)', { mine: actorVillages(actor) });
    if (query.township !== undefined) qb.andWhere('v.township = :township', { township: query.township });
    if (query.townshipId !== undefined) qb.andWhere('v.township_id = :townshipId', { townshipId: query.townshipId });
    const rows = await qb.getMany();
    return pageOf(rows, limit, (v) => [v.code], toVillageDto);
  }

  async update(actor: Actor, id: string, dto: UpdateVillageDto): Promise<VillageDto> {
    assertVillageRole(actor, id, ['village_admin'], 'Village');
    let moved = false;
    const after = await this.dataSource.transaction(async (tx) => {
      const village = await tx.findOne(Village, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!village) throw notFound('Village');
      const before = toVillageDto(village);
      if (dto.name !== undefined) village.name = dto.name.trim();
      if (dto.township !== undefined) village.township = dto.township.trim() || null;
      if (dto.townshipId !== undefined && dto.townshipId !== village.townshipId) {
        // Moving a village hands it to another township's staff: only an admin decides that.
        if (!isAdmin(actor)) throw new DomainError('forbidden', 'Only an admin moves a village to another township');
        const township = dto.townshipId ? await tx.findOneBy(Township, { id: dto.townshipId }) : null;
        if (dto.townshipId && !township) throw notFound('Township');
        village.townshipId = township?.id ?? null;
        if (dto.township === undefined && township) village.township = township.name;
        moved = true;
      }
      village.settings = mergeSettings(village.settings, dto.settings);
      await tx.save(village);
      const after = toVillageDto(await tx.findOneByOrFail(Village, { id }));
      await this.audit.record(tx, actor, 'village.updated', { type: 'village', id, villageId: id }, before, after);
      return after;
    });
    if (moved) this.access.forget({ allUsers: true });
    return after;
  }
}
