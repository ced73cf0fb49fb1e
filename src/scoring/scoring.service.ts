import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, assertVillageRole, hasRoleIn } from '../auth/actor';
import { Role } from '../auth/roles';
import { Clock } from '../common/clock';
import { DomainError, FieldError, notFound } from '../common/errors';
import { DEFAULT_LIMIT, Page, decodeCursor, pageOf } from '../common/pagination';
import { LedgerPort } from '../ledger/ledger.port';
import { PanelsRepository } from '../panels/panels.repository';
import { Village } from '../villages/village.entity';
import { assertNotOwnHousehold, ownHouseholds } from './conflict-of-interest';
import { boundsOf, decideItem, exceedsCap, inRange } from './decision';
import {
  BulkItemsDto,
  BulkItemsResultDto,
  CancelRoundDto,
  CreateItemDto,
  CreateRatingDto,
  CreateRoundDto,
  ItemDetailDto,
  ItemDto,
  ListItemsQueryDto,
  ListRoundsQueryDto,
  PostResultDto,
  PostingDto,
  RatingDto,
  RoundDto,
} from './dto/scoring.dto';
import { ScoreItem, ScoreRating } from './entities/score-item.entity';
import { ScoringRound } from './entities/scoring-round.entity';
import { RuleRow, ScoringRepository, invalidState, ruleRange, toItemDto } from './scoring.repository';

export const ROUND_READERS: Role[] = ['village_admin', 'panel_member', 'auditor'];
const DAY_MS = 24 * 3600 * 1000;

const invalid = (errors: FieldError[]): DomainError =>
  new DomainError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });

function validDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Who may add an item to a round, and as what. */
type ItemAuthor = 'staff' | 'self_claim';

@Injectable()
export class ScoringService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ScoringRepository,
    private readonly audit: AuditService,
    private readonly ledger: LedgerPort,
    private readonly clock: Clock,
    private readonly panels: PanelsRepository,
  ) {}

  // ---- rounds ----

  async createRound(actor: Actor, dto: CreateRoundDto): Promise<RoundDto> {
    const errors: FieldError[] = [];
    if (!validDate(dto.periodStart)) errors.push({ field: 'periodStart', message: 'not a calendar date' });
    if (!validDate(dto.periodEnd)) errors.push({ field: 'periodEnd', message: 'not a calendar date' });
    if (!errors.length && dto.periodStart > dto.periodEnd) errors.push({ field: 'periodEnd', message: 'must not be before periodStart' });
    return this.dataSource.transaction(async (tx) => {
      // The panel is locked while its membership is copied, so a concurrent PATCH cannot interleave.
      const panel = await this.panels.shareLock(tx, dto.panelId);
      if (!panel) throw notFound('Panel');
      assertVillageRole(actor, panel.villageId, ['village_admin'], 'Panel');
      if (errors.length) throw invalid(errors);
      const round = tx.create(ScoringRound, {
        villageId: panel.villageId,
        panelId: panel.id,
        title: dto.title.trim(),
        periodStart: dto.periodStart,
        periodEnd: dto.periodEnd,
        status: 'open',
        quorum: panel.quorum,
        decision: panel.decision,
        createdBy: actor.name.slice(0, 100),
      });
      await tx.insert(ScoringRound, round);
      await this.repo.seatPanel(tx, round.id, panel.id);
      const body = await this.repo.roundDto(tx, await tx.findOneByOrFail(ScoringRound, { id: round.id }));
      await this.audit.record(tx, actor, 'scoring_round.created', { type: 'scoring_round', id: round.id, villageId: round.villageId }, null, {
        panelId: body.panelId,
        title: body.title,
        periodStart: body.periodStart,
        periodEnd: body.periodEnd,
        quorum: body.quorum,
        decision: body.decision,
        members: body.members,
      });
      return body;
    });
  }

  async getRound(actor: Actor, id: string): Promise<RoundDto> {
    const round = await this.dataSource.getRepository(ScoringRound).findOneBy({ id });
    if (!round) throw notFound('Scoring round');
    assertVillageRole(actor, round.villageId, ROUND_READERS, 'Scoring round');
    return this.repo.roundDto(this.dataSource.manager, round);
  }

  async listRounds(actor: Actor, query: ListRoundsQueryDto): Promise<Page<RoundDto>> {
    assertVillageRole(actor, query.villageId, ROUND_READERS, 'Village');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const before = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const rows = await this.repo.roundIds(this.dataSource.manager, { villageId: query.villageId, status: query.status ?? null, before, limit });
    const page = pageOf(rows, limit, (r) => [r.created_at, r.id], (r) => r.id);
    const rounds = await this.dataSource.getRepository(ScoringRound).findBy(page.items.map((id) => ({ id })));
    const byId = new Map(rounds.map((r) => [r.id, r]));
    const items = await Promise.all(page.items.map((id) => this.repo.roundDto(this.dataSource.manager, byId.get(id)!)));
    return { items, nextCursor: page.nextCursor };
  }

  async cancel(actor: Actor, id: string, dto: CancelRoundDto): Promise<RoundDto> {
    return this.dataSource.transaction(async (tx) => {
      const round = await this.repo.lockRound(tx, id, 'update');
      assertVillageRole(actor, round.villageId, ['village_admin'], 'Scoring round');
      if (round.status !== 'open' && round.status !== 'notice') throw invalidState(`A ${round.status} round cannot be cancelled`);
      const before = round.status;
      round.status = 'cancelled';
      round.cancelledAt = this.clock.now();
      await tx.update(ScoringRound, { id }, { status: 'cancelled', cancelledAt: round.cancelledAt });
      await this.audit.record(tx, actor, 'scoring_round.cancelled', { type: 'scoring_round', id, villageId: round.villageId }, { status: before }, {
        status: 'cancelled',
        reason: dto.reason.trim(),
      });
      return this.repo.roundDto(tx, round);
    });
  }

  // ---- items ----

  /**
   * Village admins and members of the round's panel add items for any household; a resident
   * user adds a self-claim (申报) for their own household only.
   */
  private async authorOf(tx: EntityManager, actor: Actor, round: ScoringRound, householdIds: string[], allowSelfClaim: boolean): Promise<ItemAuthor> {
    assertVillageRole(actor, round.villageId, allowSelfClaim ? ['village_admin', 'panel_member', 'resident'] : ['village_admin', 'panel_member'], 'Scoring round');
    const staff = hasRoleIn(actor, round.villageId, ['village_admin']) || (hasRoleIn(actor, round.villageId, ['panel_member']) && (await this.repo.isMember(tx, round.id, actor.id)));
    if (staff) {
      // A panel item for one's own household is refused; as a resident one may still self-claim it (through a resident login).
      assertNotOwnHousehold(actor, round.villageId, householdIds, 'propose');
      return 'staff';
    }
    const own = ownHouseholds(actor, round.villageId);
    if (allowSelfClaim && own.length && householdIds.every((h) => own.includes(h))) return 'self_claim';
    if (own.length) throw new DomainError('forbidden', 'A resident may claim points only for their own household');
    throw new DomainError('forbidden', "Only the village admin and members of this round's panel add items");
  }

  private async ruleFor(tx: EntityManager, round: ScoringRound, ruleId: string): Promise<RuleRow> {
    const rule = await this.repo.shareRule(tx, ruleId);
    if (!rule || rule.village_id !== round.villageId) throw invalid([{ field: 'ruleId', message: 'not a rule of this village' }]);
    if (rule.status !== 'active') throw invalidState(`Rule ${rule.code} is retired: use the rule that replaced it`);
    return rule;
  }

  private checkItem(rule: RuleRow, points: number, evidence: string[], selfClaim: boolean): void {
    const errors: FieldError[] = [];
    if (!inRange(ruleRange(rule), points)) {
      const [min, max] = boundsOf(ruleRange(rule));
      errors.push({ field: 'proposedPoints', message: min === max ? `rule ${rule.code} gives exactly ${min} points` : `must be within ${min}..${max} (rule ${rule.code})` });
    }
    if ((rule.evidence_required || selfClaim) && evidence.length === 0) {
      errors.push({ field: 'evidence', message: selfClaim ? 'a self-claim needs evidence' : `rule ${rule.code} requires evidence` });
    }
    if (errors.length) throw invalid(errors);
  }

  async addItem(actor: Actor, roundId: string, dto: CreateItemDto): Promise<ItemDto> {
    return this.dataSource.transaction(async (tx) => {
      const round = await this.repo.lockRound(tx, roundId, 'share');
      const author = await this.authorOf(tx, actor, round, [dto.householdId], true);
      if (round.status !== 'open') throw invalidState(`Items are added while the round is open; it is ${round.status}`);
      const rule = await this.ruleFor(tx, round, dto.ruleId);
      const evidence = dto.evidence ?? [];
      this.checkItem(rule, dto.proposedPoints, evidence, author === 'self_claim');
      if ((await this.repo.invalidHouseholds(tx, round.villageId, [dto.householdId])).length) {
        throw invalid([{ field: 'householdId', message: 'not an active household of this village' }]);
      }
      if (dto.residentId) {
        if (!(await this.repo.isActiveMember(tx, dto.residentId, dto.householdId))) throw invalid([{ field: 'residentId', message: 'not an active member of that household' }]);
      }
      const contacted = author === 'staff' && (await this.repo.contactedBy(tx, actor.id, [dto.householdId])).size > 0;
      const source = author === 'self_claim' ? 'self_claim' : contacted ? 'contact' : 'panel';
      const [item] = await this.repo.insertItems(
        tx,
        round,
        [{ householdId: dto.householdId, residentId: dto.residentId ?? null, ruleId: rule.id, proposedPoints: dto.proposedPoints, evidence, note: dto.note?.trim() || null, source }],
        actor,
      );
      const body = toItemDto(item);
      await this.audit.record(tx, actor, 'score_item.created', { type: 'score_item', id: item.id, villageId: round.villageId }, null, body);
      return body;
    });
  }

  async addItemsInBulk(actor: Actor, roundId: string, dto: BulkItemsDto): Promise<BulkItemsResultDto> {
    return this.dataSource.transaction(async (tx) => {
      const round = await this.repo.lockRound(tx, roundId, 'share');
      await this.authorOf(tx, actor, round, dto.householdIds, false);
      if (round.status !== 'open') throw invalidState(`Items are added while the round is open; it is ${round.status}`);
      if (new Set(dto.householdIds).size !== dto.householdIds.length) throw invalid([{ field: 'householdIds', message: 'a household appears twice' }]);
      const rule = await this.ruleFor(tx, round, dto.ruleId);
      const points = dto.proposedPoints ?? rule.points;
      if (points === null) throw invalid([{ field: 'proposedPoints', message: `rule ${rule.code} is a range: give proposedPoints` }]);
      const evidence = dto.evidence ?? [];
      this.checkItem(rule, points, evidence, false);
      const bad = await this.repo.invalidHouseholds(tx, round.villageId, dto.householdIds);
      if (bad.length) {
        throw invalid(bad.slice(0, 20).map((id) => ({ field: `householdIds.${dto.householdIds.indexOf(id)}`, message: `${id} is not an active household of this village` })));
      }
      const note = dto.note?.trim() || null;
      const contacted = await this.repo.contactedBy(tx, actor.id, dto.householdIds);
      const items = await this.repo.insertItems(
        tx,
        round,
        dto.householdIds.map((householdId) => ({ householdId, residentId: null, ruleId: rule.id, proposedPoints: points, evidence, note, source: contacted.has(householdId) ? 'contact' : 'panel' })),
        actor,
      );
      await this.audit.record(tx, actor, 'score_item.bulk_created', { type: 'scoring_round', id: round.id, villageId: round.villageId }, null, {
        ruleId: rule.id,
        proposedPoints: points,
        count: items.length,
        itemIds: items.map((i) => i.id),
      });
      return { created: items.length, items: items.map(toItemDto) };
    });
  }

  async listItems(actor: Actor, roundId: string, query: ListItemsQueryDto): Promise<Page<ItemDto>> {
    const round = await this.dataSource.getRepository(ScoringRound).findOneBy({ id: roundId });
    if (!round) throw notFound('Scoring round');
    assertVillageRole(actor, round.villageId, ROUND_READERS, 'Scoring round');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const qb = this.dataSource
      .getRepository(ScoreItem)
      .createQueryBuilder('i')
      .addSelect('i.created_at::text', 'created_text')
      .where('i.round_id = :roundId', { roundId })
      .orderBy('i.created_at', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .limit(limit + 1);
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    if (after) qb.andWhere('(i.created_at, i.id) > (:at::timestamptz, :id::uuid)', { at: after[0], id: after[1] });
    const { entities, raw } = await qb.getRawAndEntities<{ created_text: string }>();
    const rows = entities.map((e, n) => ({ e, at: raw[n].created_text }));
    return pageOf(rows, limit, (r) => [r.at, r.e.id], (r) => toItemDto(r.e));
  }

  async getItem(actor: Actor, roundId: string, itemId: string): Promise<ItemDetailDto> {
    const item = await this.dataSource.getRepository(ScoreItem).findOneBy({ id: itemId, roundId });
    if (!item) throw notFound('Score item');
    assertVillageRole(actor, item.villageId, ROUND_READERS, 'Score item');
    const ratings = await this.dataSource.getRepository(ScoreRating).find({ where: { itemId }, order: { createdAt: 'ASC' } });
    return { ...toItemDto(item), ratings: ratings.map(toRatingDto) };
  }

  // ---- ratings ----

  async rate(actor: Actor, roundId: string, itemId: string, dto: CreateRatingDto): Promise<RatingDto> {
    return this.dataSource.transaction(async (tx) => {
      const round = await this.repo.lockRound(tx, roundId, 'share');
      assertVillageRole(actor, round.villageId, ['panel_member'], 'Scoring round');
      // Item, rule, membership and this member's previous rating in one round trip (a round
      // of 2,000 items gets 10,000 of these).
      const found = await this.repo.itemForRating(tx, itemId, roundId, actor.id!);
      const member = found ? found.member : await this.repo.isMember(tx, round.id, actor.id);
      if (!member) throw new DomainError('forbidden', "Only members of this round's panel rate its items");
      if (!found) throw notFound('Score item');
      assertNotOwnHousehold(actor, round.villageId, [found.household_id], 'rate');
      if (round.status !== 'open') throw invalidState(`Ratings are given while the round is open; it is ${round.status}`);
      const range = ruleRange(found);
      const errors: FieldError[] = [];
      let points: number | null = null;
      if (dto.approve) {
        if (range.points !== null) {
          if (dto.points !== undefined && dto.points !== range.points) errors.push({ field: 'points', message: `rule ${found.code} gives exactly ${range.points} points` });
          points = range.points;
        } else if (dto.points === undefined) {
          errors.push({ field: 'points', message: `approving under rule ${found.code} needs points within ${range.minPoints}..${range.maxPoints}` });
        } else if (!inRange(range, dto.points)) {
          errors.push({ field: 'points', message: `must be within ${range.minPoints}..${range.maxPoints}` });
        } else {
          points = dto.points;
        }
      } else if (!dto.comment?.trim()) {
        errors.push({ field: 'comment', message: 'a comment is required to reject' });
      }
      if (errors.length) throw invalid(errors);
      const r = await this.repo.upsertRating(tx, { itemId, memberId: actor.id!, roundId: round.id, villageId: round.villageId, approve: dto.approve, points, comment: dto.comment?.trim() || null });
      const body: RatingDto = { itemId: r.item_id, memberId: r.member_id, approve: r.approve, points: r.points, comment: r.comment, updatedAt: r.updated_at.toISOString() };
      const replaced = found.prev_approve !== null;
      await this.audit.record(
        tx,
        actor,
        replaced ? 'score_rating.replaced' : 'score_rating.created',
        { type: 'score_item', id: itemId, villageId: round.villageId },
        replaced ? { approve: found.prev_approve, points: found.prev_points, comment: found.prev_comment } : null,
        { approve: body.approve, points: body.points, comment: body.comment },
      );
      return body;
    });
  }

  // ---- publish ----

  /**
   * Decides every item and opens the public notice, counting the ratings of the members
   * the round has now (a member removed from the panel since rating is not counted). Caps
   * are checked against what other rounds of the period already approved and against this
   * round's earlier items (in the order they were added), under the village's cap lock.
   */
  async publish(actor: Actor, roundId: string): Promise<RoundDto> {
    return this.dataSource.transaction(async (tx) => {
      const round = await this.repo.lockRound(tx, roundId, 'update');
      assertVillageRole(actor, round.villageId, ['village_admin'], 'Scoring round');
      if (round.status !== 'open') throw invalidState(`Only an open round is published; it is ${round.status}`);
      await this.repo.lockCaps(tx, round.villageId);
      const village = await tx.findOneByOrFail(Village, { id: round.villageId });

      const items = await this.repo.itemsWithVotes(tx, round.id);
      const capped = items.filter((i) => i.cap_per_period !== null);
      const keys = [...new Map(capped.map((i) => [`${i.household_id}:${i.rule_id}`, { householdId: i.household_id, ruleId: i.rule_id, period: i.period! }])).values()];
      const usage = await this.repo.capUsage(tx, round.villageId, round.periodStart, keys, { roundId: round.id });

      const decided = items.map((i) => {
        let d = decideItem(i.votes, round.quorum, round.decision, ruleRange(i));
        if (d.status === 'approved' && i.cap_per_period !== null) {
          const key = `${i.household_id}:${i.rule_id}`;
          const used = usage.get(key) ?? 0;
          if (exceedsCap(i.cap_per_period, used, d.finalPoints)) d = { status: 'rejected', finalPoints: null, reason: 'cap_exceeded' };
          else usage.set(key, used + Math.abs(d.finalPoints));
        }
        return { id: i.item_id, ...d };
      });
      if (decided.length) {
        await this.repo.setDecisions(tx, decided);
      }
      const now = this.clock.now();
      round.status = 'notice';
      round.publishedAt = now;
      round.noticeEndsAt = new Date(now.getTime() + village.settings.noticePeriodDays * DAY_MS);
      await tx.update(ScoringRound, { id: round.id }, { status: 'notice', publishedAt: round.publishedAt, noticeEndsAt: round.noticeEndsAt });
      const body = await this.repo.roundDto(tx, round);
      await this.audit.record(tx, actor, 'scoring_round.published', { type: 'scoring_round', id: round.id, villageId: round.villageId }, { status: 'open' }, {
        status: 'notice',
        noticeEndsAt: body.noticeEndsAt,
        counts: body.counts,
      });
      return body;
    });
  }

  // ---- post ----

  /**
   * Posts every approved item to the ledger in the caller's transaction (the idempotency
   * interceptor's): one transaction per item, `award` from the village's issuance account
   * or `penalty` back to it (a penalty may take a household below zero). All or nothing:
   * any failure rolls back every posting and the round stays under notice. Household
   * accounts are locked in account-id order, the ledger's one global lock order.
   * A round already posted answers its postings again and posts nothing.
   */
  async post(tx: EntityManager, actor: Actor, roundId: string, idempotencyKey: string): Promise<PostResultDto> {
    const round = await this.repo.lockRound(tx, roundId, 'update');
    assertVillageRole(actor, round.villageId, ['village_admin'], 'Scoring round');
    if (round.status === 'posted') return { round: await this.repo.roundDto(tx, round), postings: await this.postings(tx, round.id) };
    if (round.status !== 'notice') throw invalidState(`Only a round under notice is posted; it is ${round.status}`);
    const now = this.clock.now();
    if (round.noticeEndsAt && now < round.noticeEndsAt) {
      throw new DomainError('notice_period_open', `The public notice runs until ${round.noticeEndsAt.toISOString()}`, { noticeEndsAt: round.noticeEndsAt.toISOString() });
    }
    const open = await this.repo.openObjections(tx, round.id);
    if (open > 0) throw new DomainError('objections_open', `${open} objections are still open: resolve them first`, { openObjections: open });

    const items = await this.repo.itemsToPost(tx, round.id);
    const requests = items.map((item) => {
      if (!item.account_id) throw invalidState(`Household ${item.household_id} has no points account`);
      const award = item.final_points > 0;
      const points = Math.abs(item.final_points);
      return {
        villageId: round.villageId,
        kind: award ? ('award' as const) : ('penalty' as const),
        memo: `${item.code} ${item.title} · ${round.title}`.slice(0, 500),
        reference: { type: 'score_item', id: item.id },
        entries: [
          { systemAccount: 'issuance' as const, amount: award ? -points : points },
          { accountId: item.account_id, amount: award ? points : -points },
        ],
        createdBy: actor,
        idempotencyKey,
      };
    });
    const posted = await this.ledger.postMany(tx, requests);
    const postings: PostingDto[] = items.map((item, i) => ({
      itemId: item.id,
      householdId: item.household_id,
      kind: item.final_points > 0 ? 'award' : 'penalty',
      points: item.final_points,
      transactionId: posted[i].id,
    }));
    if (postings.length) {
      await this.repo.setTransactions(tx, postings);
    }
    round.status = 'posted';
    round.postedAt = now;
    await tx.update(ScoringRound, { id: round.id }, { status: 'posted', postedAt: now });
    const body = await this.repo.roundDto(tx, round);
    await this.audit.record(tx, actor, 'scoring_round.posted', { type: 'scoring_round', id: round.id, villageId: round.villageId }, { status: 'notice' }, {
      status: 'posted',
      transactions: postings.length,
      awarded: postings.filter((p) => p.kind === 'award').reduce((s, p) => s + p.points, 0),
      deducted: postings.filter((p) => p.kind === 'penalty').reduce((s, p) => s - p.points, 0),
    });
    return { round: body, postings: postings.sort((a, b) => (a.itemId < b.itemId ? -1 : 1)) };
  }

  private async postings(manager: EntityManager, roundId: string): Promise<PostingDto[]> {
    const rows = await this.repo.postedItems(manager, roundId);
    return rows.map((r) => ({ itemId: r.id, householdId: r.household_id, kind: r.final_points > 0 ? 'award' : 'penalty', points: r.final_points, transactionId: r.transaction_id }));
  }
}

export function toRatingDto(r: ScoreRating): RatingDto {
  return { itemId: r.itemId, memberId: r.memberId, approve: r.approve, points: r.points, comment: r.comment, updatedAt: r.updatedAt.toISOString() };
}
