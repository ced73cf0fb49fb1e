import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../core/identity/actor';
import { AllowPendingPasswordChange, CurrentActor, Roles } from '../core/identity/decorators';
import { ApiProblems } from '../core/http/api-docs';
import { Page, PageOf, PageQueryDto } from '../core/http/pagination';
import { PassbookLineDto } from '../ledger/dto/ledger.dto';
import { RedemptionDto } from '../redemptions/dto/redemption.dto';
import { OpenRoundDto, QueueItemDto } from '../scoring/dto/queue.dto';
import { MeDto } from './dto/me.dto';
import { MeService } from './me.service';
import { ReplicaRead } from '../core/database/replicas/replica-read';

@ApiTags('me')
@Controller('v1/me')
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get()
  @ReplicaRead()
  @Roles()
  @AllowPendingPasswordChange()
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'getMyOverview', summary: 'The caller, their roles and (for a resident) their household: balance, stars, this month’s rank' })
  @ApiOkResponse({ type: MeDto })
  get(@CurrentActor() actor: Actor): Promise<MeDto> {
    return this.me.me(actor);
  }

  @Get('statement')
  @ReplicaRead()
  @Roles('resident')
  @ApiOperation({ operationId: 'getMyStatement', summary: "The own household's passbook, newest first (empty for a caller with no household)" })
  @ApiOkResponse({ type: PageOf(PassbookLineDto) })
  statement(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<PassbookLineDto>> {
    return this.me.statement(actor, query);
  }

  @Get('redemptions')
  @ReplicaRead()
  @Roles('resident')
  @ApiOperation({ operationId: 'listMyRedemptions', summary: "The own household's sales, newest first, with line names" })
  @ApiOkResponse({ type: PageOf(RedemptionDto) })
  redemptions(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<RedemptionDto>> {
    return this.me.redemptionsOf(actor, query);
  }

  @Get('open-rounds')
  @ReplicaRead()
  @Roles('resident')
  @ApiOperation({ operationId: 'listMyOpenRounds', summary: 'Open scoring rounds of the own village, which take self-claims (申报), newest first' })
  @ApiOkResponse({ type: PageOf(OpenRoundDto) })
  openRounds(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<OpenRoundDto>> {
    return this.me.openRounds(actor, query);
  }

  @Get('rating-queue')
  @ReplicaRead()
  @Roles('panel_member')
  @ApiOperation({
    operationId: 'getMyRatingQueue',
    summary: 'Items waiting for my rating: every pending item of an open round of my panels that I have not rated (none of my own household)',
    description: 'Each item carries what rating it needs (household code, masked head name, rule and its points or range), so a round of N items takes 1 + N requests.',
  })
  @ApiOkResponse({ type: PageOf(QueueItemDto) })
  ratingQueue(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<QueueItemDto>> {
    return this.me.ratingQueue(actor, query);
  }
}
