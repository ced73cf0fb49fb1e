import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { EntityManager } from 'typeorm';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Roles } from '../core/identity/decorators';
import { Idempotent, IdempotencyKey, IdempotentTx } from '../core/idempotency/idempotency';
import { Page, PageOf } from '../core/http/pagination';
import { UuidParam } from '../core/http/params';
import { ApiProblems } from '../core/http/api-docs';
import { preferredType } from '../core/http/http-semantics';
import { CancelRedemptionDto, CreateRedemptionDto, ListRedemptionsQueryDto, ReceiptDto, RedemptionDto } from './dto/redemption.dto';
import { RECEIPT_WIDTH } from './receipt';

/** The receipt's representations; the first is the default (no Accept, or a tie). */
const RECEIPT_TYPES = ['text/plain', 'application/json'];
import { RedemptionsService } from './redemptions.service';
import { ReplicaRead } from '../core/database/replicas/replica-read';

@ApiTags('redemptions')
@Controller('v1/redemptions')
export class RedemptionsController {
  constructor(private readonly redemptions: RedemptionsService) {}

  @Post()
  @Roles('clerk')
  @Idempotent()
  @HttpCode(201)
  @ApiProblems('not_found', 'invalid_state', 'insufficient_points', 'insufficient_stock', 'item_inactive', 'limit_exceeded')
  @ApiOperation({ operationId: 'createRedemption', summary: 'Redeem goods for points at the counter (points and stock move together)' })
  @ApiCreatedResponse({ type: RedemptionDto })
  redeem(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateRedemptionDto,
    @IdempotentTx() tx: EntityManager,
    @IdempotencyKey() key: string,
  ): Promise<RedemptionDto> {
    return this.redemptions.redeem(tx, actor, dto, key);
  }

  @Post(':id/cancel')
  @Roles('clerk', 'village_admin')
  @Idempotent()
  @HttpCode(201)
  @ApiProblems('already_cancelled', 'invalid_state')
  @ApiOperation({ operationId: 'cancelRedemption', summary: 'Cancel a sale: refund the points and restock (clerk: same day; village admin: any time)' })
  @ApiCreatedResponse({ type: RedemptionDto })
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: CancelRedemptionDto,
    @IdempotentTx() tx: EntityManager,
    @IdempotencyKey() key: string,
  ): Promise<RedemptionDto> {
    return this.redemptions.cancel(tx, actor, id, dto, key);
  }

  @Get()
  @ReplicaRead()
  @Roles('clerk', 'village_admin', 'auditor')
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'listRedemptions', summary: 'Sales of a village, newest first' })
  @ApiOkResponse({ type: PageOf(RedemptionDto) })
  list(@CurrentActor() actor: Actor, @Query() query: ListRedemptionsQueryDto): Promise<Page<RedemptionDto>> {
    return this.redemptions.list(actor, query);
  }

  @Get(':id')
  @ReplicaRead()
  @Roles('clerk', 'village_admin', 'auditor')
  @ApiOperation({ operationId: 'getRedemption', summary: 'One sale' })
  @ApiOkResponse({ type: RedemptionDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<RedemptionDto> {
    return this.redemptions.get(actor, id);
  }

  @Get(':id/receipt')
  @ReplicaRead()
  @Roles('clerk', 'village_admin', 'auditor')
  @ApiOperation({
    operationId: 'getRedemptionReceipt',
    summary: 'Receipt, 32 columns wide, for thermal printers: plain text by default, `{ lines, width }` with Accept: application/json',
  })
  @ApiProduces('text/plain', 'application/json')
  @ApiOkResponse({ type: ReceiptDto })
  async receipt(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReceiptDto | string> {
    const lines = await this.redemptions.receipt(actor, id);
    if (preferredType(accept, RECEIPT_TYPES) === 'application/json') return { lines, width: RECEIPT_WIDTH };
    void reply.type('text/plain; charset=utf-8');
    return `${lines.join('\n')}\n`;
  }
}
