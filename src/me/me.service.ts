import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '../core/identity/actor';
import { Page, PageQueryDto } from '../core/http/pagination';
import { PassbookLineDto } from '../ledger/dto/ledger.dto';
import { LedgerPort } from '../ledger/ledger.port';
import { RedemptionDto } from '../redemptions/dto/redemption.dto';
import { RedemptionsService } from '../redemptions/redemptions.service';
import { ReportsService } from '../reports/reports.service';
import { OpenRoundDto, QueueItemDto } from '../scoring/dto/queue.dto';
import { ScoringReadsService } from '../scoring/scoring-reads.service';
import { UsersService } from '../users/users.service';
import { MeDto } from './dto/me.dto';

/**
 * The caller's own household: that of their (first) resident grant. A caller without one
 * (staff, an admin, a resident login not yet linked) has no household, so its "my" lists are
 * empty rather than refused: every authenticated front end may call them.
 */
function ownHousehold(actor: Actor): string | null {
  return actor.grants.find((g) => g.role === 'resident' && g.householdId)?.householdId ?? null;
}

/** The caller's view of Jifen: who they are, their household, its passbook and sales, what waits for them. */
@Injectable()
export class MeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly reports: ReportsService,
    private readonly ledger: LedgerPort,
    private readonly redemptions: RedemptionsService,
    private readonly scoring: ScoringReadsService,
  ) {}

  async me(actor: Actor): Promise<MeDto> {
    const householdId = ownHousehold(actor);
    const [profile, household] = await Promise.all([this.users.profile(actor), householdId ? this.reports.standing(householdId) : Promise.resolve(null)]);
    return { user: profile.user, roles: profile.user.roles, ...(household ? { household } : {}), passwordChangeRequired: profile.mustChangePassword };
  }

  statement(actor: Actor, query: PageQueryDto): Promise<Page<PassbookLineDto>> {
    const householdId = ownHousehold(actor);
    if (!householdId) return Promise.resolve({ items: [], nextCursor: null });
    return this.ledger.statement(this.dataSource.manager, { householdId }, query);
  }

  redemptionsOf(actor: Actor, query: PageQueryDto): Promise<Page<RedemptionDto>> {
    return this.redemptions.listOfHousehold(ownHousehold(actor), query);
  }

  openRounds(actor: Actor, query: PageQueryDto): Promise<Page<OpenRoundDto>> {
    const villages = [...new Set(actor.grants.filter((g) => g.role === 'resident' && g.villageId).map((g) => g.villageId as string))];
    return this.scoring.openRounds(villages, query);
  }

  ratingQueue(actor: Actor, query: PageQueryDto): Promise<Page<QueueItemDto>> {
    const own = actor.grants.filter((g) => g.role === 'resident' && g.householdId).map((g) => g.householdId as string);
    return this.scoring.ratingQueue(actor, own, query);
  }
}
