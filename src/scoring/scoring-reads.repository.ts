import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ObjectionStatus } from './entities/objection.entity';
import { ItemStatus } from './entities/score-item.entity';
import { RoundStatus } from './entities/scoring-round.entity';

export interface QueueRow {
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

export interface NoticeRoundRow {
  id: string;
  title: string;
  period_start: string;
  period_end: string;
  status: RoundStatus;
  published_at: Date | null;
  notice_ends_at: Date | null;
  posted_at: Date | null;
}

export interface NoticeItemRow {
  id: string;
  round_id: string;
  code: string;
  head: string | null;
  rule_code: string;
  rule_title: string;
  category: string;
  points: number | null;
  min_points: number | null;
  max_points: number | null;
  proposed_points: number;
  final_points: number | null;
  status: ItemStatus;
  reason: string | null;
}

export interface NoticeObjectionRow {
  id: string;
  item_id: string;
  anonymous: boolean;
  name: string | null;
  text: string;
  status: ObjectionStatus;
  revised_points: number | null;
  resolution_note: string | null;
}

export interface OpenRoundRow {
  id: string;
  village_id: string;
  title: string;
  period_start: string;
  period_end: string;
  created_at: Date;
  created_text: string;
}

/** Keyset positions as the cursors carry them (text timestamps and ids). */
type After = (string | number)[] | null;

/** What scoring shows: the public notice board and a person's queue and open rounds. */
@Injectable()
export class ScoringReadsRepository {
  /** Rounds under notice, and those posted since `since`, newest publication first. */
  async noticeRounds(manager: EntityManager, villageId: string, since: Date): Promise<NoticeRoundRow[]> {
    return manager.query(
      `SELECT id, title, period_start::text, period_end::text, status, published_at, notice_ends_at, posted_at FROM scoring_rounds
        WHERE village_id = $1 AND (status = 'notice' OR (status = 'posted' AND posted_at >= $2))
        ORDER BY published_at DESC, id`,
      [villageId, since],
    );
  }

  /** The items of these rounds with household code, head's name and rule, by household code. */
  async noticeItems(manager: EntityManager, roundIds: string[]): Promise<NoticeItemRow[]> {
    return manager.query(
      `SELECT i.id, i.round_id, h.code,
              (SELECT p.name FROM residents p WHERE p.household_id = h.id AND p.is_head AND p.status = 'active' LIMIT 1) AS head,
              r.code AS rule_code, r.title AS rule_title, r.category, r.points, r.min_points, r.max_points,
              i.proposed_points, i.final_points, i.status, i.reason
         FROM score_items i JOIN households h ON h.id = i.household_id JOIN rules r ON r.id = i.rule_id
        WHERE i.round_id = ANY($1::uuid[])
        ORDER BY h.code, r.code, i.created_at, i.id`,
      [roundIds],
    );
  }

  /** The objections to these rounds' items with the objector's name, oldest first. */
  async noticeObjections(manager: EntityManager, roundIds: string[]): Promise<NoticeObjectionRow[]> {
    return manager.query(
      `SELECT o.id, o.item_id, o.anonymous, p.name, o.text, o.status, o.revised_points, o.resolution_note
         FROM objections o LEFT JOIN residents p ON p.id = o.resident_id
        WHERE o.round_id = ANY($1::uuid[]) ORDER BY o.created_at, o.id`,
      [roundIds],
    );
  }

  /** See ScoringReadsService.ratingQueue; `after` is (round time, round id, item time, item id). */
  async ratingQueue(manager: EntityManager, userId: string, ownHouseholds: string[], after: After, limit: number): Promise<QueueRow[]> {
    return manager.query(
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
      [userId, ownHouseholds, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, after?.[3] ?? null, limit],
    );
  }

  /** Open rounds of these villages, newest first; `before` is (created time, id). */
  async openRounds(manager: EntityManager, villageIds: string[], before: After, limit: number): Promise<OpenRoundRow[]> {
    return manager.query(
      `SELECT id, village_id, title, period_start::text, period_end::text, created_at, created_at::text AS created_text FROM scoring_rounds
        WHERE village_id = ANY($1::uuid[]) AND status = 'open'
          AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [villageIds, before?.[0] ?? null, before?.[1] ?? null, limit],
    );
  }
}
