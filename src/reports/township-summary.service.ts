import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { localDate } from '../common/village-time';
import { TownshipsService } from '../townships/townships.service';
import { SummaryQueryDto } from './dto/reports.dto';
import { TownshipVillageRowDto, TownshipVillagesSummaryDto } from './dto/township-summary.dto';
import { nextDay } from './period';
import { TownshipSummaryRepository, TownshipVillageRow } from './township-summary.repository';

export const TOWNSHIP_SUMMARY_HEADERS = ['村代码', '村', '户数', '参与户数', '参与率', '发放', '扣减', '兑换', '期末积分', '已入账评议', '异议', '异议成立', '低库存商品'];

export const townshipSummaryRows = (s: TownshipVillagesSummaryDto): unknown[][] =>
  s.villages.map((v) => [
    v.villageCode,
    v.villageName,
    v.households,
    v.participatingHouseholds,
    v.participation,
    v.issued,
    v.deducted,
    v.redeemed,
    v.outstanding,
    v.roundsPosted,
    v.objectionsRaised,
    v.objectionsUpheld,
    v.lowStockGoods,
  ]);

@Injectable()
export class TownshipSummaryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly townships: TownshipsService,
    private readonly repo: TownshipSummaryRepository,
  ) {}

  /** Admin and the township's own staff; 404 for another township. */
  async summary(actor: Actor, townshipId: string, query: SummaryQueryDto): Promise<TownshipVillagesSummaryDto> {
    const township = await this.townships.get(actor, townshipId);
    const from = query.from ?? '2000-01-01';
    const to = query.to ?? localDate(this.clock.now(), 'Asia/Shanghai');
    if (from > to) throw new DomainError('validation_failed', 'from is after to', { errors: [{ field: 'from', message: 'must not be after to' }] });
    // One round trip. Reading rollups, the plan is estimated at about 7,500 at 50 villages, far
    // below jit_above_cost (100,000), so no JIT compile (which cost about 200 ms when the
    // statement read every household's days) and no SET LOCAL jit = off transaction around it.
    const rows = await this.repo.villagesSideBySide(this.dataSource.manager, townshipId, from, nextDay(to));
    return { townshipId, townshipName: township.name, from, to, villages: rows.map(toRow) };
  }
}

function toRow(r: TownshipVillageRow): TownshipVillageRowDto {
  return {
    villageId: r.id,
    villageCode: r.code,
    villageName: r.name,
    households: r.households,
    participatingHouseholds: r.participating,
    participation: r.households ? Math.round((r.participating / r.households) * 10_000) / 10_000 : 0,
    issued: Number(r.issued),
    deducted: Number(r.deducted),
    redeemed: Number(r.redeemed),
    outstanding: Number(r.outstanding),
    roundsPosted: r.rounds_posted,
    objectionsRaised: r.objections_raised,
    objectionsUpheld: r.objections_upheld,
    lowStockGoods: r.low_stock,
  };
}
