import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Roles } from '../core/identity/decorators';
import { ApiProblems } from '../core/http/api-docs';
import { UuidParam } from '../core/http/params';
import { CSV_CONTENT_TYPE, toCsv, wantsCsv } from '../core/vocabulary/csv';
import { CreateResidentLoginsDto, ResidentLoginsDto } from './dto/resident-logins.dto';
import { ResidentLoginsService } from './resident-logins.service';

@ApiTags('residents')
@Controller('v1/villages')
export class ResidentLoginsController {
  constructor(private readonly logins: ResidentLoginsService) {}

  @Post(':id/resident-logins')
  @Roles('village_admin', 'township_admin')
  @HttpCode(201)
  @ApiProblems('not_found', 'conflict')
  @ApiOperation({
    operationId: 'createResidentLogins',
    summary: 'Resident onboarding: one login per household head, in bulk, each with a one-time password shown once (JSON, or CSV slips with Accept: text/csv)',
    description:
      'Usernames come from the village and household codes (`nlq-a-012`) or the head’s mobile number. The logins must change the password at first use: ' +
      'until then every route but POST /v1/auth/password and GET /v1/me answers 403 password_change_required. Households without an active head, ' +
      'with a resident login already, or whose username is taken are listed in `skipped` (CSV: left out).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiCreatedResponse({ type: ResidentLoginsDto })
  async create(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: CreateResidentLoginsDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResidentLoginsDto | string> {
    const result = await this.logins.create(actor, id, dto);
    // The answer holds passwords: no cache may keep it.
    void reply.header('Cache-Control', 'no-store');
    if (!wantsCsv(accept)) return result;
    void reply.header('Content-Type', CSV_CONTENT_TYPE).header('Content-Disposition', 'attachment; filename="resident-logins.csv"');
    return toCsv(['户号', '户主', '用户名', '初始密码'], result.created.map((l) => [l.householdCode, l.headName, l.username, l.initialPassword]));
  }
}
