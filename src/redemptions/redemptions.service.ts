import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, assertVillageRole, hasRoleIn } from '../auth/actor';
import { CatalogueItem } from '../catalogue/catalogue-item.entity';
import { CatalogueService } from '../catalogue/catalogue.service';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/errors';
import { DEFAULT_LIMIT, Page, PageQueryDto, decodeCursor, pageOf } from '../common/pagination';
import { localDate, localMonth } from '../common/village-time';
import { LedgerPort } from '../ledger/ledger.port';
import { Household } from '../residents/entities/household.entity';
import { Resident } from '../residents/entities/resident.entity';
import { Village } from '../villages/village.entity';
import { CancelRedemptionDto, CreateRedemptionDto, ListRedemptionsQueryDto, RedemptionDto } from './dto/redemption.dto';
import { receiptLines } from './receipt';
import { RedemptionLine } from './redemption-line.entity';
import { Redemption } from './redemption.entity';
import { NamedLine, RedemptionsRepository } from './redemptions.repository';

function toRedemptionDto(sale: Redemption, lines: NamedLine[]): RedemptionDto {
  return {
    id: sale.id,
    status: sale.status,
    villageId: sale.villageId,
    householdId: sale.householdId,
    residentId: sale.residentId,
    totalPoints: sale.totalPoints,
    balanceAfter: Number(sale.balanceAfter),
    transactionId: sale.transactionId,
    refundTransactionId: sale.refundTransactionId,
    balanceAfterRefund: sale.balanceAfterRefund === null ? null : Number(sale.balanceAfterRefund),
    lines: [...lines].sort((a, b) => a.lineNo - b.lineNo).map((l) => ({ itemId: l.itemId, name: l.name, quantity: l.quantity, unitPoints: l.unitPoints })),
    clerk: sale.clerk,
    cancelReason: sale.cancelReason,
    cancelledAt: sale.cancelledAt?.toISOString() ?? null,
    createdAt: new Date(sale.createdAt).toISOString(),
  };
}

@Injectable()
export class RedemptionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerPort,
    private readonly catalogue: CatalogueService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly repo: RedemptionsRepository,
  ) {}

  private async household(tx: EntityManager, dto: CreateRedemptionDto): Promise<Household> {
    const household = dto.householdId
      ? await tx.findOneBy(Household, { id: dto.householdId, villageId: dto.villageId })
      : await tx.findOneBy(Household, { villageId: dto.villageId, cardNo: dto.cardNo });
    if (!household) throw notFound(dto.householdId ? 'Household' : 'Card');
    if (household.status !== 'active' || !household.accountId) throw new DomainError('invalid_state', `Household ${household.code} is closed`);
    return household;
  }

  /**
   * One sale, in the caller's (idempotent) transaction. Lock order, the same for every
   * writer: the household account (taken by the ledger posting), then item rows in id order
   * (taken by the stock movements, last, so the hot item is held only until commit).
   * The village's `redemptions` account is striped in the ledger and never locked here.
   */
  async redeem(tx: EntityManager, actor: Actor, dto: CreateRedemptionDto, idempotencyKey: string): Promise<RedemptionDto> {
    assertVillageRole(actor, dto.villageId, ['clerk'], 'Village');
    const village = await tx.findOneBy(Village, { id: dto.villageId });
    if (!village) throw notFound('Village');
    const household = await this.household(tx, dto);
    if (dto.residentId && !(await tx.existsBy(Resident, { id: dto.residentId, householdId: household.id }))) {
      throw new DomainError('validation_failed', 'The resident is not a member of this household', { errors: [{ field: 'residentId', message: 'not a member of the household' }] });
    }

    const quantities = new Map<string, number>();
    for (const line of dto.lines) quantities.set(line.itemId, (quantities.get(line.itemId) ?? 0) + line.quantity);
    const items = await tx.findBy(CatalogueItem, { id: In([...quantities.keys()]), villageId: dto.villageId });
    const byId = new Map(items.map((i) => [i.id, i]));
    for (const [itemId, quantity] of quantities) {
      const item = byId.get(itemId);
      if (!item) throw notFound(`Catalogue item ${itemId}`);
      if (!item.active) throw new DomainError('item_inactive', `${item.name} is not on sale`, { itemId });
      // Early, friendly answer; the database decides for real when the movement is written.
      if (item.stockOnHand < quantity) throw new DomainError('insufficient_stock', `Only ${item.stockOnHand} of ${item.name} left`, { itemId, stockOnHand: item.stockOnHand });
    }
    const lines = [...quantities].map(([itemId, quantity], index) => ({ itemId, quantity, unitPoints: byId.get(itemId)!.pointsPrice, lineNo: index + 1 }));
    const total = lines.reduce((sum, l) => sum + l.quantity * l.unitPoints, 0);

    const now = this.clock.now();
    const month = localMonth(now, village.settings.timezone);
    const saleId = randomUUID();
    let posted;
    try {
      posted = await this.ledger.post(tx, {
        villageId: dto.villageId,
        kind: 'redemption',
        memo: `兑换 ${lines.map((l) => `${byId.get(l.itemId)!.name}×${l.quantity}`).join('，')}`.slice(0, 500),
        reference: { type: 'redemption', id: saleId },
        entries: [
          { accountId: household.accountId!, amount: -total },
          { systemAccount: 'redemptions', amount: total },
        ],
        createdBy: actor,
        idempotencyKey,
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'insufficient_points') {
        const balance = error.extra.balance as number;
        throw new DomainError('insufficient_points', `The household has ${balance} points; this sale costs ${total}`, { balance, total });
      }
      throw error;
    }

    // Under the household account lock taken by the posting: concurrent sales of this
    // household have committed or wait behind us, so the count below is exact.
    const limited = lines.filter((l) => byId.get(l.itemId)!.limitPerHouseholdPerMonth !== null);
    if (limited.length) {
      const used = await this.repo.monthlyQuantities(tx, household.id, month, limited.map((l) => l.itemId));
      for (const line of limited) {
        const item = byId.get(line.itemId)!;
        const already = used.get(line.itemId) ?? 0;
        if (already + line.quantity > item.limitPerHouseholdPerMonth!) {
          throw new DomainError('limit_exceeded', `${item.name}: at most ${item.limitPerHouseholdPerMonth} per household per month; ${already} already this month`, {
            itemId: line.itemId,
            limit: item.limitPerHouseholdPerMonth,
            alreadyThisMonth: already,
          });
        }
      }
    }

    const balanceAfter = posted.entries.find((e) => e.accountId === household.accountId)!.balanceAfter!;
    await tx.insert(Redemption, {
      id: saleId,
      villageId: dto.villageId,
      householdId: household.id,
      residentId: dto.residentId ?? null,
      status: 'completed',
      totalPoints: total,
      balanceAfter: String(balanceAfter),
      transactionId: posted.id,
      month,
      clerk: actor.name,
      createdAt: now,
    });
    await tx.insert(
      RedemptionLine,
      lines.map((l) => ({ redemptionId: saleId, lineNo: l.lineNo, villageId: dto.villageId, householdId: household.id, itemId: l.itemId, quantity: l.quantity, unitPoints: l.unitPoints, month })),
    );
    await this.catalogue.insertMovements(
      tx,
      lines.map((l) => ({ villageId: dto.villageId, itemId: l.itemId, quantity: -l.quantity, reason: 'redemption' as const, redemptionId: saleId, createdBy: actor.name })),
    );
    const sale = await tx.findOneByOrFail(Redemption, { id: saleId });
    const body = toRedemptionDto(sale, lines.map((l) => ({ ...l, redemptionId: saleId, name: byId.get(l.itemId)!.name })));
    await this.audit.record(tx, actor, 'redemption.completed', { type: 'redemption', id: saleId, villageId: dto.villageId }, null, body);
    return body;
  }

  /**
   * Cancels a sale: by its village's clerk the same (village) day, by the village admin any
   * time. The conditional UPDATE decides races: of two cancellations only one matches
   * `status = 'completed'`; the other gets already_cancelled.
   */
  async cancel(tx: EntityManager, actor: Actor, id: string, dto: CancelRedemptionDto, idempotencyKey: string): Promise<RedemptionDto> {
    const existing = await tx.findOneBy(Redemption, { id });
    if (!existing) throw notFound('Redemption');
    assertVillageRole(actor, existing.villageId, ['clerk', 'village_admin'], 'Redemption');
    const village = await tx.findOneByOrFail(Village, { id: existing.villageId });
    const now = this.clock.now();
    if (!hasRoleIn(actor, existing.villageId, ['village_admin']) && localDate(new Date(existing.createdAt), village.settings.timezone) !== localDate(now, village.settings.timezone)) {
      throw new DomainError('forbidden', 'A clerk may cancel a sale on the day it was made only; ask the village admin');
    }
    if (!(await this.repo.cancelIfCompleted(tx, id, dto.reason.trim(), now))) throw new DomainError('already_cancelled', 'This sale is already cancelled');
    const lines = await this.repo.namedLines(tx, [id]);
    const household = await tx.findOneByOrFail(Household, { id: existing.householdId });
    const refund = await this.ledger.post(tx, {
      villageId: existing.villageId,
      kind: 'refund',
      memo: `退货 ${dto.reason.trim()}`.slice(0, 500),
      reference: { type: 'redemption', id },
      entries: [
        { systemAccount: 'redemptions', amount: -existing.totalPoints },
        { accountId: household.accountId!, amount: existing.totalPoints },
      ],
      createdBy: actor,
      idempotencyKey,
    });
    const balanceAfterRefund = refund.entries.find((e) => e.accountId === household.accountId)!.balanceAfter!;
    await tx.update(Redemption, { id }, { refundTransactionId: refund.id, balanceAfterRefund: String(balanceAfterRefund) });
    await this.catalogue.insertMovements(
      tx,
      lines.map((l) => ({ villageId: existing.villageId, itemId: l.itemId, quantity: l.quantity, reason: 'cancellation' as const, redemptionId: id, createdBy: actor.name })),
    );
    const sale = await tx.findOneByOrFail(Redemption, { id });
    const before = toRedemptionDto(existing, lines);
    const body = toRedemptionDto(sale, lines);
    await this.audit.record(tx, actor, 'redemption.cancelled', { type: 'redemption', id, villageId: existing.villageId }, before, body);
    return body;
  }

  private async readable(actor: Actor, id: string): Promise<{ sale: Redemption; lines: NamedLine[] }> {
    const sale = await this.dataSource.getRepository(Redemption).findOneBy({ id });
    if (!sale) throw notFound('Redemption');
    assertVillageRole(actor, sale.villageId, ['clerk', 'village_admin', 'auditor'], 'Redemption');
    return { sale, lines: await this.repo.namedLines(this.dataSource.manager, [id]) };
  }

  async get(actor: Actor, id: string): Promise<RedemptionDto> {
    const { sale, lines } = await this.readable(actor, id);
    return toRedemptionDto(sale, lines);
  }

  /** The receipt's lines (32 columns); the controller sends them as text or as JSON. */
  async receipt(actor: Actor, id: string): Promise<string[]> {
    const { sale, lines } = await this.readable(actor, id);
    const village = await this.dataSource.getRepository(Village).findOneByOrFail({ id: sale.villageId });
    const household = await this.dataSource.getRepository(Household).findOneByOrFail({ id: sale.householdId });
    return receiptLines({ village: village.name, timeZone: village.settings.timezone, sale: toRedemptionDto(sale, lines), householdCode: household.code });
  }

  /** Newest first (keyset on the insertion sequence). */
  async list(actor: Actor, query: ListRedemptionsQueryDto): Promise<Page<RedemptionDto>> {
    assertVillageRole(actor, query.villageId, ['clerk', 'village_admin', 'auditor'], 'Village');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const before = decodeCursor(query.cursor, ['bigint']);
    const qb = this.dataSource
      .getRepository(Redemption)
      .createQueryBuilder('r')
      .where('r.village_id = :villageId', { villageId: query.villageId })
      .orderBy('r.seq', 'DESC')
      .limit(limit + 1);
    if (before) qb.andWhere('r.seq < :before', { before: before[0] });
    if (query.householdId) qb.andWhere('r.household_id = :householdId', { householdId: query.householdId });
    if (query.from) qb.andWhere('r.created_at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('r.created_at < :to', { to: new Date(query.to) });
    return this.page(qb, limit);
  }

  /** A resident's own household's sales, newest first (GET /v1/me/redemptions): the caller decides whose. */
  async listOfHousehold(householdId: string | null, query: PageQueryDto): Promise<Page<RedemptionDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const before = decodeCursor(query.cursor, ['bigint']);
    if (!householdId) return { items: [], nextCursor: null };
    const qb = this.dataSource
      .getRepository(Redemption)
      .createQueryBuilder('r')
      .where('r.household_id = :householdId', { householdId })
      .orderBy('r.seq', 'DESC')
      .limit(limit + 1);
    if (before) qb.andWhere('r.seq < :before', { before: before[0] });
    return this.page(qb, limit);
  }

  /** One page of sales and their named lines: two queries whatever the page size. */
  private async page(qb: SelectQueryBuilder<Redemption>, limit: number): Promise<Page<RedemptionDto>> {
    const sales = await qb.getMany();
    const lines = await this.repo.namedLines(this.dataSource.manager, sales.slice(0, limit).map((s) => s.id));
    return pageOf(sales, limit, (s) => [String(s.seq)], (s) => toRedemptionDto(s, lines.filter((l) => l.redemptionId === s.id)));
  }
}
