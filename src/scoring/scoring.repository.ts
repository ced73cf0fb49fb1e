import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, notFound } from '../common/errors';
import { CapPeriod, periodWindow } from './decision';
import { ItemDto, RoundCountsDto, RoundDto } from './dto/scoring.dto';
import { ScoreItem } from './entities/score-item.entity';
import { ScoringRound } from './entities/scoring-round.entity';

export interface RuleRow {
  id: string;
  village_id: string;
  code: string;
  title: string;
  category: string;
  status: string;
  points: number | null;
  min_points: number | null;
  max_points: number | null;
  cap_per_period: number | null;
  period: CapPeriod | null;
  evidence_required: boolean;
}

/**
 * SQL: the user is a member of the round now. A round keeps the membership it opened with
 * (someone who joins the panel later does not act on it), and a member since removed from
 * the panel no longer does either: they neither rate, propose nor resolve, and their
 * ratings do not count when the round is published.
 */
export function currentMember(roundId: string, userId: string): string {
  return `EXISTS (SELECT 1 FROM scoring_round_members cm JOIN scoring_rounds cr ON cr.id = cm.round_id
                   JOIN panel_members cp ON cp.panel_id = cr.panel_id AND cp.user_id = cm.user_id
                  WHERE cm.round_id = ${roundId} AND cm.user_id = ${userId})`;
}

export const ruleRange = (r: Pick<RuleRow, 'points' | 'min_points' | 'max_points'>) => ({ points: r.points, minPoints: r.min_points, maxPoints: r.max_points });

export function toItemDto(item: ScoreItem): ItemDto {
  return {
    id: item.id,
    roundId: item.roundId,
    villageId: item.villageId,
    householdId: item.householdId,
    residentId: item.residentId,
    ruleId: item.ruleId,
    proposedPoints: item.proposedPoints,
    evidence: item.evidence,
    note: item.note,
    source: item.source,
    status: item.status,
    finalPoints: item.finalPoints,
    reason: item.reason,
    transactionId: item.transactionId,
    createdBy: item.createdBy,
    createdAt: new Date(item.createdAt).toISOString(),
  };
}

/** The SQL of scoring that is more than a one-line entity call. */
@Injectable()
export class ScoringRepository {
  /**
   * The round, locked: `share` by writers of items, ratings and objections (they may run
   * side by side), `update` by the state changes (publish, post, cancel), which therefore
   * wait for every in-flight item or rating and are seen by every later one.
   */
  async lockRound(tx: EntityManager, id: string, mode: 'share' | 'update'): Promise<ScoringRound> {
    const round = await tx
      .getRepository(ScoringRound)
      .createQueryBuilder('r')
      .where('r.id = :id', { id })
      .setLock(mode === 'share' ? 'pessimistic_read' : 'pessimistic_write')
      .getOne();
    if (!round) throw notFound('Scoring round');
    return round;
  }

  /** Whether the user acts on the round (see currentMember). */
  async isMember(manager: EntityManager, roundId: string, userId: string | null): Promise<boolean> {
    if (!userId) return false;
    const rows: { member: boolean }[] = await manager.query(`SELECT ${currentMember('$1::uuid', '$2::uuid')} AS member`, [roundId, userId]);
    return rows[0].member;
  }

  /** The rule, with a key-share lock: a PATCH of its points (FOR UPDATE) waits for us and then sees our item. */
  async shareRule(tx: EntityManager, id: string): Promise<RuleRow | null> {
    const rows: RuleRow[] = await tx.query(
      `SELECT id, village_id, code, title, category, status, points, min_points, max_points, cap_per_period, period, evidence_required
         FROM rules WHERE id = $1 FOR KEY SHARE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findRule(manager: EntityManager, id: string): Promise<RuleRow> {
    const rows: RuleRow[] = await manager.query(
      `SELECT id, village_id, code, title, category, status, points, min_points, max_points, cap_per_period, period, evidence_required FROM rules WHERE id = $1`,
      [id],
    );
    if (!rows[0]) throw notFound('Rule');
    return rows[0];
  }

  /** Of these households, those whose contact (党员包户) is the user. */
  async contactedBy(manager: EntityManager, userId: string | null, ids: string[]): Promise<Set<string>> {
    if (!userId) return new Set();
    const rows: { id: string }[] = await manager.query(`SELECT id::text AS id FROM households WHERE id = ANY($1::uuid[]) AND contact_user_id = $2`, [ids, userId]);
    return new Set(rows.map((r) => r.id));
  }

  /** The household of a resident of the village; null when the resident is not one. */
  async householdOfResident(manager: EntityManager, residentId: string, villageId: string): Promise<string | null> {
    const rows: { household_id: string }[] = await manager.query(`SELECT household_id FROM residents WHERE id = $1 AND village_id = $2`, [residentId, villageId]);
    return rows[0]?.household_id ?? null;
  }

  /** Households among `ids` that are not active households of the village. */
  async invalidHouseholds(manager: EntityManager, villageId: string, ids: string[]): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT x.id::text AS id FROM unnest($2::uuid[]) AS x(id)
        WHERE NOT EXISTS (SELECT 1 FROM households h WHERE h.id = x.id AND h.village_id = $1 AND h.status = 'active')`,
      [villageId, ids],
    );
    return rows.map((r) => r.id);
  }

  async insertItems(
    tx: EntityManager,
    round: ScoringRound,
    items: { householdId: string; residentId: string | null; ruleId: string; proposedPoints: number; evidence: string[]; note: string | null; source: string }[],
    createdBy: { id: string | null; name: string },
  ): Promise<ScoreItem[]> {
    const ids: { id: string }[] = await tx.query(
      `INSERT INTO score_items (village_id, round_id, household_id, resident_id, rule_id, proposed_points, evidence, note, source, created_by_id, created_by)
       SELECT $1, $2, x.household_id, x.resident_id, x.rule_id, x.points, x.evidence::jsonb, x.note, x.source, $3, $4
         FROM unnest($5::uuid[], $6::uuid[], $7::uuid[], $8::int[], $9::text[], $10::text[], $11::text[]) WITH ORDINALITY
              AS x(household_id, resident_id, rule_id, points, evidence, note, source, ord)
        ORDER BY x.ord
       RETURNING id`,
      [
        round.villageId,
        round.id,
        createdBy.id,
        createdBy.name.slice(0, 100),
        items.map((i) => i.householdId),
        items.map((i) => i.residentId),
        items.map((i) => i.ruleId),
        items.map((i) => i.proposedPoints),
        items.map((i) => JSON.stringify(i.evidence)),
        items.map((i) => i.note),
        items.map((i) => i.source),
      ],
    );
    const rows = await tx.getRepository(ScoreItem).createQueryBuilder('i').where('i.id IN (:...ids)', { ids: ids.map((r) => r.id) }).getMany();
    const order = new Map(ids.map((r, n) => [r.id, n]));
    return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }

  async counts(manager: EntityManager, roundId: string): Promise<RoundCountsDto> {
    const rows: Record<string, number>[] = await manager.query(
      `SELECT count(*)::int AS items,
              count(*) FILTER (WHERE status = 'pending')::int AS pending,
              count(*) FILTER (WHERE status = 'approved')::int AS approved,
              count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
              count(*) FILTER (WHERE status = 'no_quorum')::int AS no_quorum,
              count(*) FILTER (WHERE status = 'withdrawn')::int AS withdrawn,
              count(*) FILTER (WHERE transaction_id IS NOT NULL)::int AS posted,
              (SELECT count(*)::int FROM objections o WHERE o.round_id = $1 AND o.status = 'open') AS open_objections
         FROM score_items WHERE round_id = $1`,
      [roundId],
    );
    const r = rows[0];
    return {
      items: r.items,
      pending: r.pending,
      approved: r.approved,
      rejected: r.rejected,
      noQuorum: r.no_quorum,
      withdrawn: r.withdrawn,
      posted: r.posted,
      openObjections: r.open_objections,
    };
  }

  async roundDto(manager: EntityManager, round: ScoringRound): Promise<RoundDto> {
    const members: { user_id: string; seat: string }[] = await manager.query(
      'SELECT user_id, seat FROM scoring_round_members WHERE round_id = $1 ORDER BY seat, user_id',
      [round.id],
    );
    return {
      id: round.id,
      villageId: round.villageId,
      panelId: round.panelId,
      title: round.title,
      periodStart: round.periodStart,
      periodEnd: round.periodEnd,
      status: round.status,
      quorum: round.quorum,
      decision: round.decision,
      members: members.map((m) => ({ userId: m.user_id, seat: m.seat })),
      publishedAt: round.publishedAt?.toISOString() ?? null,
      noticeEndsAt: round.noticeEndsAt?.toISOString() ?? null,
      postedAt: round.postedAt?.toISOString() ?? null,
      cancelledAt: round.cancelledAt?.toISOString() ?? null,
      counts: await this.counts(manager, round.id),
      createdAt: round.createdAt.toISOString(),
    };
  }

  /**
   * Points (absolute) already approved for each (household, rule) in the cap period that
   * contains `periodStart`, in rounds under notice or posted, other than `exceptRoundId`
   * and `exceptItemId`. Callers hold the village's cap lock (lockCaps).
   */
  async capUsage(
    manager: EntityManager,
    villageId: string,
    periodStart: string,
    keys: { householdId: string; ruleId: string; period: CapPeriod }[],
    except: { roundId?: string; itemId?: string },
  ): Promise<Map<string, number>> {
    const usage = new Map<string, number>();
    if (!keys.length) return usage;
    const windows = keys.map((k) => periodWindow(periodStart, k.period));
    const rows: { household_id: string; rule_id: string; used: string }[] = await manager.query(
      `SELECT k.household_id::text, k.rule_id::text, COALESCE(sum(abs(i.final_points)), 0)::text AS used
         FROM unnest($2::uuid[], $3::uuid[], $4::date[], $5::date[]) AS k(household_id, rule_id, start_date, end_date)
         JOIN score_items i ON i.village_id = $1 AND i.household_id = k.household_id AND i.rule_id = k.rule_id AND i.status = 'approved'
         JOIN scoring_rounds r ON r.id = i.round_id AND r.status IN ('notice', 'posted') AND r.period_start BETWEEN k.start_date AND k.end_date
        WHERE ($6::uuid IS NULL OR i.round_id <> $6) AND ($7::uuid IS NULL OR i.id <> $7)
        GROUP BY k.household_id, k.rule_id`,
      [villageId, keys.map((k) => k.householdId), keys.map((k) => k.ruleId), windows.map((w) => w.start), windows.map((w) => w.end), except.roundId ?? null, except.itemId ?? null],
    );
    for (const r of rows) usage.set(`${r.household_id}:${r.rule_id}`, Number(r.used));
    return usage;
  }

  /** Serialises cap decisions of one village (publish, upheld revisions): two rounds cannot both use the last points of a cap. */
  async lockCaps(tx: EntityManager, villageId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('jifen:scoring-caps:' || $1::text, 0))`, [villageId]);
  }

  /** Seats the panel's members on a new round (the round keeps them: see currentMember). */
  async seatPanel(tx: EntityManager, roundId: string, panelId: string): Promise<void> {
    await tx.query(
      `INSERT INTO scoring_round_members (round_id, user_id, village_id, seat) SELECT $1, user_id, village_id, seat FROM panel_members WHERE panel_id = $2`,
      [roundId, panelId],
    );
  }

  /** Round ids of a village, newest first; keyset on (created_at, id). */
  async roundIds(manager: EntityManager, filter: { villageId: string; status: string | null; before: unknown[] | null; limit: number }): Promise<{ id: string; created_at: string }[]> {
    return manager.query(
      `SELECT id, created_at::text AS created_at FROM scoring_rounds
        WHERE village_id = $1 AND ($2::text IS NULL OR status = $2)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [filter.villageId, filter.status, filter.before?.[0] ?? null, filter.before?.[1] ?? null, filter.limit + 1],
    );
  }

  async isActiveMember(tx: EntityManager, residentId: string, householdId: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM residents WHERE id = $1 AND household_id = $2 AND status = 'active'`, [residentId, householdId]);
    return rows.length > 0;
  }

  /**
   * Item, rule, membership and this member's previous rating in one round trip (a round of
   * 2,000 items gets 10,000 of these); null when the item is not in the round.
   */
  async itemForRating(
    tx: EntityManager,
    itemId: string,
    roundId: string,
    memberId: string,
  ): Promise<{
    household_id: string;
    code: string;
    points: number | null;
    min_points: number | null;
    max_points: number | null;
    member: boolean;
    prev_approve: boolean | null;
    prev_points: number | null;
    prev_comment: string | null;
  } | null> {
    const rows = await tx.query(
      `SELECT i.household_id, r.code, r.points, r.min_points, r.max_points,
              ${currentMember('i.round_id', '$3::uuid')} AS member,
              s.approve AS prev_approve, s.points AS prev_points, s.comment AS prev_comment
         FROM score_items i JOIN rules r ON r.id = i.rule_id
         LEFT JOIN score_ratings s ON s.item_id = i.id AND s.member_id = $3
        WHERE i.id = $1 AND i.round_id = $2`,
      [itemId, roundId, memberId],
    );
    return rows[0] ?? null;
  }

  async upsertRating(
    tx: EntityManager,
    r: { itemId: string; memberId: string; roundId: string; villageId: string; approve: boolean; points: number | null; comment: string | null },
  ): Promise<{ item_id: string; member_id: string; approve: boolean; points: number | null; comment: string | null; updated_at: Date }> {
    const rows = await tx.query(
      `INSERT INTO score_ratings (item_id, member_id, round_id, village_id, approve, points, comment)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (item_id, member_id) DO UPDATE SET approve = EXCLUDED.approve, points = EXCLUDED.points, comment = EXCLUDED.comment, updated_at = now()
       RETURNING item_id, member_id, approve, points, comment, updated_at`,
      [r.itemId, r.memberId, r.roundId, r.villageId, r.approve, r.points, r.comment],
    );
    return rows[0];
  }

  /** The round's items with their rules and the votes of current members, in creation order. */
  async itemsWithVotes(
    tx: EntityManager,
    roundId: string,
  ): Promise<(RuleRow & { item_id: string; household_id: string; rule_id: string; votes: { approve: boolean; points: number | null }[] })[]> {
    return tx.query(
      `SELECT i.id AS item_id, i.household_id, i.rule_id, r.code, r.points, r.min_points, r.max_points, r.cap_per_period, r.period,
              COALESCE((SELECT json_agg(json_build_object('approve', s.approve, 'points', s.points)) FROM score_ratings s
                         WHERE s.item_id = i.id AND ${currentMember('i.round_id', 's.member_id')}), '[]') AS votes
         FROM score_items i JOIN rules r ON r.id = i.rule_id
        WHERE i.round_id = $1 ORDER BY i.created_at, i.id`,
      [roundId],
    );
  }

  async setDecisions(tx: EntityManager, decided: { id: string; status: string; finalPoints: number | null; reason?: string | null }[]): Promise<void> {
    await tx.query(
      `UPDATE score_items i SET status = x.status, final_points = x.final_points, reason = x.reason, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[]) AS x(id, status, final_points, reason)
        WHERE i.id = x.id`,
      [decided.map((d) => d.id), decided.map((d) => d.status), decided.map((d) => d.finalPoints), decided.map((d) => (d.status === 'approved' ? null : (d.reason ?? null)))],
    );
  }

  async openObjections(tx: EntityManager, roundId: string): Promise<number> {
    const rows: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM objections WHERE round_id = $1 AND status = 'open'`, [roundId]);
    return rows[0].n;
  }

  /** Approved items not yet posted, in household-account order (the ledger's lock order). */
  async itemsToPost(tx: EntityManager, roundId: string): Promise<{ id: string; household_id: string; final_points: number; account_id: string | null; code: string; title: string }[]> {
    return tx.query(
      `SELECT i.id, i.household_id, i.final_points, h.account_id, r.code, r.title
         FROM score_items i JOIN households h ON h.id = i.household_id JOIN rules r ON r.id = i.rule_id
        WHERE i.round_id = $1 AND i.status = 'approved' AND i.transaction_id IS NULL
        ORDER BY h.account_id, i.id`,
      [roundId],
    );
  }

  async setTransactions(tx: EntityManager, postings: { itemId: string; transactionId: string }[]): Promise<void> {
    await tx.query(
      `UPDATE score_items i SET transaction_id = x.transaction_id, updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[]) AS x(id, transaction_id) WHERE i.id = x.id`,
      [postings.map((p) => p.itemId), postings.map((p) => p.transactionId)],
    );
  }

  async postedItems(manager: EntityManager, roundId: string): Promise<{ id: string; household_id: string; final_points: number; transaction_id: string }[]> {
    return manager.query(`SELECT id, household_id, final_points, transaction_id FROM score_items WHERE round_id = $1 AND transaction_id IS NOT NULL ORDER BY id`, [roundId]);
  }
}

export function invalidState(detail: string): DomainError {
  return new DomainError('invalid_state', detail);
}
