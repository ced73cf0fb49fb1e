import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '../core/identity/actor';
import { DEFAULT_LIMIT, Page, PageQueryDto, decodeCursor, pageOf } from '../core/http/pagination';
import { maskName } from '../core/vocabulary/masking';
import { OpenRoundDto, QueueItemDto } from './dto/queue.dto';

interface QueueRow {
  round_id: string;
  round_title: string;
  round_at: string;
  item_id: string;
  item_at: string;
  household_id: string;
  household_code: string;
  head: string | null;
  rule_code: string;
  rule_title: string;
  rule_category: string;
  points: number | null;
  min_points: number | null;
  max_points: number | null;
  proposed_points: number;
  evidence: string[];
  note: string | null;
  source: 'panel' | 'self_claim';
}

/** The scoring reads of one person: what waits for their rating, where they may claim. */
@Injectable()
export class ScoringReadsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every pending item of an open round of the caller's panels that the caller has not rated,
   * none of the caller's own households (they may not rate those), oldest round first. A
   * member counts as the rating route counts them: on the round's roster and still on its
   * panel. One query (keyset on round, then item), whatever the page size.
   */
  async ratingQueue(actor: Actor, ownHouseholds: string[], query: PageQueryDto): Promise<Page<QueueItemDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid', 'timestamp', 'uuid']);
    if (actor.kind !== 'user' || !actor.id) return { items: [], nextCursor: null };
    const rows: QueueRow[] = await this.dataSource.query(
      `SELECT r.id AS round_id, r.title AS round_title, r.created_at::text AS round_at, i.id AS item_id, i.created_at::text AS item_at,
              i.household_id, h.code AS household_code,
              (SELECT x.name FROM residents x WHERE x.household_id = i.household_id AND x.is_head AND x.status = 'active') AS head,
              ru.code AS rule_code, ru.title AS rule_title, ru.category AS rule_category, ru.points, ru.min_points, ru.max_points,
              i.proposed_points, i.evidence, i.note, i.source
         FROM scoring_round_members m
         JOIN scoring_rounds r ON r.id = m.round_id AND r.status = 'open'
         JOIN panel_members p ON p.panel_id = r.panel_id AND p.user_id = m.user_id
         JOIN score_items i ON i.round_id = r.id AND i.status = 'pending'
         JOIN households h ON h.id = i.household_id
         JOIN rules ru ON ru.id = i.rule_id
        WHERE m.user_id = $1
          AND NOT EXISTS (SELECT 1 FROM score_ratings s WHERE s.item_id = i.id AND s.member_id = $1)
          AND NOT (i.household_id = ANY($2::uuid[]))
          AND ($3::timestamptz IS NULL OR (r.created_at, r.id, i.created_at, i.id) > ($3::timestamptz, $4::uuid, $5::timestamptz, $6::uuid))
        ORDER BY r.created_at, r.id, i.created_at, i.id
        LIMIT $7`,
      [actor.id, ownHouseholds, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, after?.[3] ?? null, limit + 1],
    );
    return pageOf(
      rows,
      limit,
      (r) => [r.round_at, r.round_id, r.item_at, r.item_id],
      (r) => ({
        roundId: r.round_id,
        roundTitle: r.round_title,
        itemId: r.item_id,
        householdId: r.household_id,
        householdCode: r.household_code,
        headName: r.head ? maskName(r.head) : null,
        ruleCode: r.rule_code,
        ruleTitle: r.rule_title,
        ruleCategory: r.rule_category,
        rulePoints: r.points,
        ruleMinPoints: r.min_points,
        ruleMaxPoints: r.max_points,
        proposedPoints: r.proposed_points,
        evidence: r.evidence,
        note: r.note,
        source: r.source,
        myRating: null,
      }),
    );
  }

  /** Open rounds of these villages (a resident's), newest first: any open round takes self-claims. One query. */
  async openRounds(villageIds: string[], query: PageQueryDto): Promise<Page<OpenRoundDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const before = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    if (!villageIds.length) return { items: [], nextCursor: null };
    const rows: { id: string; village_id: string; title: string; period_start: string; period_end: string; created_at: Date; created_text: string }[] = await this.dataSource.query(
      `SELECT id, village_id, title, period_start::text, period_end::text, created_at, created_at::text AS created_text FROM scoring_rounds
        WHERE village_id = ANY($1::uuid[]) AND status = 'open'
          AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [villageIds, before?.[0] ?? null, before?.[1] ?? null, limit + 1],
    );
    return pageOf(
      rows,
      limit,
      (r) => [r.created_text, r.id],
      (r) => ({ id: r.id, villageId: r.village_id, title: r.title, periodStart: r.period_start, periodEnd: r.period_end, createdAt: r.created_at.toISOString() }),
    );
  }
}
