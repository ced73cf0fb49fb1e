import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, assertVillageRole, hasRoleIn } from '../auth/actor';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/errors';
import { DEFAULT_LIMIT, Page, decodeCursor, pageOf } from '../common/pagination';
import { assertNotOwnHousehold, ownHouseholds } from './conflict-of-interest';
import { boundsOf, exceedsCap, inRange } from './decision';
import { CreateObjectionDto, ListObjectionsQueryDto, ObjectionDto, ResolveObjectionDto } from './dto/scoring.dto';
import { Objection } from './entities/objection.entity';
import { ScoreItem } from './entities/score-item.entity';
import { ScoringRepository, invalidState, ruleRange, toItemDto } from './scoring.repository';
import { ROUND_READERS } from './scoring.service';

export function toObjectionDto(o: Objection): ObjectionDto {
  return {
    id: o.id,
    villageId: o.villageId,
    roundId: o.roundId,
    itemId: o.itemId,
    text: o.text,
    residentId: o.residentId,
    anonymous: o.anonymous,
    onBehalf: o.onBehalf,
    filedBy: o.filedBy,
    status: o.status,
    revisedPoints: o.revisedPoints,
    resolutionNote: o.resolutionNote,
    resolvedBy: o.resolvedBy,
    resolvedAt: o.resolvedAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
  };
}

@Injectable()
export class ObjectionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ScoringRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * 异议, during the notice period only: by a resident user of the village, or by staff on a
   * villager's behalf. The round is share-locked, so posting (which takes it exclusively)
   * either sees this objection or has already moved the round on.
   */
  async file(actor: Actor, roundId: string, itemId: string, dto: CreateObjectionDto): Promise<ObjectionDto> {
    return this.dataSource.transaction(async (tx) => {
      const round = await this.repo.lockRound(tx, roundId, 'share');
      assertVillageRole(actor, round.villageId, ['resident', 'village_admin', 'panel_member', 'clerk'], 'Scoring round');
      const item = await tx.findOneBy(ScoreItem, { id: itemId, roundId });
      if (!item) throw notFound('Score item');
      const now = this.clock.now();
      if (round.status !== 'notice' || (round.noticeEndsAt && now >= round.noticeEndsAt)) {
        throw invalidState(round.status === 'notice' ? `The notice period ended at ${round.noticeEndsAt!.toISOString()}` : `Objections are filed during the notice period; the round is ${round.status}`);
      }
      const onBehalf = hasRoleIn(actor, round.villageId, ['village_admin', 'panel_member', 'clerk']);
      if (dto.residentId) {
        const householdId = await this.repo.householdOfResident(tx, dto.residentId, round.villageId);
        if (householdId === null) throw new DomainError('validation_failed', 'residentId: not a resident of this village', { errors: [{ field: 'residentId', message: 'not a resident of this village' }] });
        // Staff file on a villager's behalf and may name anyone; a resident user objects in their own name: a member of their own household.
        if (!onBehalf && !ownHouseholds(actor, round.villageId).includes(householdId)) {
          throw new DomainError('forbidden', 'A resident files objections in their own name only: residentId must be a member of their own household');
        }
      }
      const objection = tx.create(Objection, {
        villageId: round.villageId,
        roundId: round.id,
        itemId: item.id,
        text: dto.text.trim(),
        residentId: dto.residentId ?? null,
        anonymous: dto.anonymous ?? false,
        filedById: actor.id,
        filedBy: actor.name.slice(0, 100),
        onBehalf,
        status: 'open',
      });
      await tx.insert(Objection, objection);
      const body = toObjectionDto(await tx.findOneByOrFail(Objection, { id: objection.id }));
      await this.audit.record(tx, actor, 'objection.filed', { type: 'objection', id: body.id, villageId: round.villageId }, null, body);
      return body;
    });
  }

  /**
   * Upheld: the item is withdrawn, or given revised points within its rule's range (and cap);
   * dismissed: the item stands. The village admin or a member of the round's panel decides.
   */
  async resolve(actor: Actor, id: string, dto: ResolveObjectionDto): Promise<ObjectionDto> {
    return this.dataSource.transaction(async (tx) => {
      const found = await tx.findOneBy(Objection, { id });
      if (!found) throw notFound('Objection');
      assertVillageRole(actor, found.villageId, ['village_admin', 'panel_member'], 'Objection');
      const round = await this.repo.lockRound(tx, found.roundId, 'update');
      if (!hasRoleIn(actor, round.villageId, ['village_admin']) && !(await this.repo.isMember(tx, round.id, actor.id))) {
        throw new DomainError('forbidden', "Only the village admin or a member of this round's panel resolves objections");
      }
      const objection = await tx.findOneByOrFail(Objection, { id });
      if (objection.status !== 'open') throw invalidState(`The objection is already ${objection.status}`);
      if (round.status !== 'notice') throw invalidState(`The round is ${round.status}`);
      const item = await tx.findOneByOrFail(ScoreItem, { id: objection.itemId });
      assertNotOwnHousehold(actor, round.villageId, [item.householdId], 'resolve an objection to');
      if (dto.outcome === 'dismissed' && dto.revisedPoints !== undefined) {
        throw new DomainError('validation_failed', 'revisedPoints: only an upheld objection revises points', { errors: [{ field: 'revisedPoints', message: 'only with outcome upheld' }] });
      }
      const before = toObjectionDto(objection);
      const itemBefore = toItemDto(item);
      if (dto.outcome === 'upheld') {
        if (dto.revisedPoints === undefined) {
          item.status = 'withdrawn';
          item.finalPoints = null;
        } else {
          const rule = await this.repo.findRule(tx, item.ruleId);
          if (!inRange(ruleRange(rule), dto.revisedPoints)) {
            const [min, max] = boundsOf(ruleRange(rule));
            throw new DomainError('validation_failed', `revisedPoints: must be within ${min}..${max} (rule ${rule.code})`, { errors: [{ field: 'revisedPoints', message: `must be within ${min}..${max}` }] });
          }
          if (rule.cap_per_period !== null) {
            await this.repo.lockCaps(tx, round.villageId);
            const usage = await this.repo.capUsage(tx, round.villageId, round.periodStart, [{ householdId: item.householdId, ruleId: rule.id, period: rule.period! }], { itemId: item.id });
            if (exceedsCap(rule.cap_per_period, usage.get(`${item.householdId}:${rule.id}`) ?? 0, dto.revisedPoints)) {
              throw new DomainError('validation_failed', `revisedPoints: would exceed the cap of rule ${rule.code} for this household and period`, { errors: [{ field: 'revisedPoints', message: 'cap_exceeded' }] });
            }
          }
          item.status = 'approved';
          item.finalPoints = dto.revisedPoints;
        }
        item.reason = 'objection_upheld';
        await tx.update(ScoreItem, { id: item.id }, { status: item.status, finalPoints: item.finalPoints, reason: item.reason });
      }
      await tx.update(Objection, { id }, {
        status: dto.outcome,
        revisedPoints: dto.outcome === 'upheld' ? (dto.revisedPoints ?? null) : null,
        resolutionNote: dto.note.trim(),
        resolvedBy: actor.name.slice(0, 100),
        resolvedAt: this.clock.now(),
      });
      const body = toObjectionDto(await tx.findOneByOrFail(Objection, { id }));
      await this.audit.record(tx, actor, 'objection.resolved', { type: 'objection', id, villageId: round.villageId }, { ...before, item: itemBefore }, { ...body, item: toItemDto(item) });
      return body;
    });
  }

  async list(actor: Actor, query: ListObjectionsQueryDto): Promise<Page<ObjectionDto>> {
    assertVillageRole(actor, query.villageId, ROUND_READERS, 'Village');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const qb = this.dataSource
      .getRepository(Objection)
      .createQueryBuilder('o')
      .addSelect('o.created_at::text', 'created_text')
      .where('o.village_id = :villageId', { villageId: query.villageId })
      .orderBy('o.created_at', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .limit(limit + 1);
    if (query.roundId) qb.andWhere('o.round_id = :roundId', { roundId: query.roundId });
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (after) qb.andWhere('(o.created_at, o.id) > (:at::timestamptz, :id::uuid)', { at: after[0], id: after[1] });
    const { entities, raw } = await qb.getRawAndEntities<{ created_text: string }>();
    const rows = entities.map((e, n) => ({ e, at: raw[n].created_text }));
    return pageOf(rows, limit, (r) => [r.at, r.e.id], (r) => toObjectionDto(r.e));
  }
}
