import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, assertTownshipRole, isAdmin, townshipsOf } from '../core/identity/actor';
import { TOWNSHIP_ROLES } from '../core/identity/roles';
import { isUniqueViolation } from '../core/database/db-errors';
import { DomainError, notFound } from '../core/errors/errors';
import { DEFAULT_LIMIT, Page, PageQueryDto, decodeCursor, pageOf } from '../core/http/pagination';
import { CreateTownshipDto, TownshipDto, UpdateTownshipDto } from './dto/township.dto';
import { Township } from './township.entity';

export function toTownshipDto(township: Township): TownshipDto {
  return {
    id: township.id,
    code: township.code,
    name: township.name,
    createdAt: township.createdAt.toISOString(),
    updatedAt: township.updatedAt.toISOString(),
  };
}

/** Townships (镇). Their events go to the global chain: a township is not a village. */
@Injectable()
export class TownshipsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateTownshipDto): Promise<TownshipDto> {
    return this.dataSource.transaction(async (tx) => {
      const row = tx.create(Township, { code: dto.code, name: dto.name.trim() });
      try {
        await tx.insert(Township, row);
      } catch (error) {
        if (isUniqueViolation(error, 'townships_code_key')) throw new DomainError('conflict', `A township with code ${dto.code} already exists`);
        throw error;
      }
      const saved = toTownshipDto(await tx.findOneByOrFail(Township, { id: row.id }));
      await this.audit.record(tx, actor, 'township.created', { type: 'township', id: saved.id, villageId: null }, null, saved);
      return saved;
    });
  }

  /** Admin, or the township's own staff. */
  async get(actor: Actor, id: string): Promise<TownshipDto> {
    assertTownshipRole(actor, id, TOWNSHIP_ROLES);
    const township = await this.dataSource.getRepository(Township).findOneBy({ id });
    if (!township) throw notFound('Township');
    return toTownshipDto(township);
  }

  /** Ordered by code (unique); township staff see their own townships. */
  async list(actor: Actor, query: PageQueryDto): Promise<Page<TownshipDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['text']);
    const qb = this.dataSource.getRepository(Township).createQueryBuilder('t').orderBy('t.code', 'ASC').limit(limit + 1);
    if (after) qb.andWhere('t.code > :after', { after: after[0] });
    if (!isAdmin(actor)) qb.andWhere('t.id = ANY(:mine)', { mine: townshipsOf(actor, TOWNSHIP_ROLES) });
    return pageOf(await qb.getMany(), limit, (t) => [t.code], toTownshipDto);
  }

  /** A rename. The villages' free-text `township` stays as typed (it is their own field). */
  async update(actor: Actor, id: string, dto: UpdateTownshipDto): Promise<TownshipDto> {
    return this.dataSource.transaction(async (tx) => {
      const township = await tx.findOne(Township, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!township) throw notFound('Township');
      const before = toTownshipDto(township);
      if (dto.name !== undefined) township.name = dto.name.trim();
      await tx.save(township);
      const after = toTownshipDto(await tx.findOneByOrFail(Township, { id }));
      await this.audit.record(tx, actor, 'township.updated', { type: 'township', id, villageId: null }, before, after);
      return after;
    });
  }
}
