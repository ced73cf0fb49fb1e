import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Roles } from '../core/identity/decorators';
import { UuidParam } from '../core/http/params';
import { SummaryQueryDto } from './dto/reports.dto';
import { TownshipVillagesSummaryDto } from './dto/township-summary.dto';
import { respond } from './reports.controller';
import { toCsv } from '../core/vocabulary/csv';
import { TOWNSHIP_SUMMARY_HEADERS, TownshipSummaryService, townshipSummaryRows } from './township-summary.service';
import { ReplicaRead } from '../core/database/replicas/replica-read';

@ApiTags('reports')
@Controller('v1/townships')
export class TownshipSummaryController {
  constructor(private readonly summaries: TownshipSummaryService) {}

  @Get(':id/summary')
  @ReplicaRead()
  @Roles('township_admin', 'township_officer')
  @ApiOperation({
    operationId: 'getTownshipSummary',
    summary: "The township's villages side by side: participation, points issued, deducted and redeemed, outstanding, rounds posted, objections, low-stock goods (also text/csv)",
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: TownshipVillagesSummaryDto })
  async summary(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: SummaryQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TownshipVillagesSummaryDto | string> {
    const summary = await this.summaries.summary(actor, id, query);
    return respond(reply, accept, summary, () => toCsv(TOWNSHIP_SUMMARY_HEADERS, townshipSummaryRows(summary)), `township-summary-${summary.from}-${summary.to}`);
  }
}
