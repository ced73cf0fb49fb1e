import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Roles } from '../core/identity/decorators';
import { Page, PageOf, PageQueryDto } from '../core/http/pagination';
import { ContactHouseholdDto } from './dto/my-households.dto';
import { MyHouseholdsService } from './my-households.service';
import { ReplicaRead } from '../core/database/replicas/replica-read';

/** GET /v1/me/households on its own: the rest of /v1/me lives elsewhere. */
@ApiTags('households')
@Controller('v1/me/households')
export class MyHouseholdsController {
  constructor(private readonly households: MyHouseholdsService) {}

  @Get()
  @ReplicaRead()
  @Roles()
  @ApiOperation({ operationId: 'listMyHouseholds', summary: "党员包户: the caller's households as their contact, with balances and this month's points" })
  @ApiOkResponse({ type: PageOf(ContactHouseholdDto) })
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<ContactHouseholdDto>> {
    return this.households.list(actor, query);
  }
}
