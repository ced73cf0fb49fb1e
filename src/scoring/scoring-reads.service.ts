import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '../auth/actor';
import { DEFAULT_LIMIT, Page, PageQueryDto, decodeCursor, pageOf } from '../common/pagination';
import { maskName } from '../common/masking';
import { OpenRoundDto, QueueItemDto } from './dto/queue.dto';
import { ScoringReadsRepository } from './scoring-reads.repository';

/** The scoring reads of one person: what waits for their rating, where they may claim. */
@Injectable()
export class ScoringReadsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ScoringReadsRepository,
  ) {}

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
    const rows = await this.repo.ratingQueue(this.dataSource.manager, actor.id, ownHouseholds, after, limit + 1);
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
    const rows = await this.repo.openRounds(this.dataSource.manager, villageIds, before, limit + 1);
    return pageOf(
      rows,
      limit,
      (r) => [r.created_text, r.id],
      (r) => ({ id: r.id, villageId: r.village_id, title: r.title, periodStart: r.period_start, periodEnd: r.period_end, createdAt: r.created_at.toISOString() }),
    );
  }
}
