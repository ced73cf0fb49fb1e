import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Roles } from '../core/identity/decorators';
import { Page, PageOf } from '../core/http/pagination';
import { UuidParam } from '../core/http/params';
import { ApiProblems } from '../core/http/api-docs';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto } from './dto/user.dto';
import { UsersService } from './users.service';
import { ReplicaRead } from '../core/database/replicas/replica-read';

@ApiTags('users')
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('village_admin', 'township_admin')
  @HttpCode(201)
  @ApiProblems('not_found', 'conflict')
  @ApiOperation({ operationId: 'createUser', summary: 'Create a staff or resident account with roles per village' })
  @ApiCreatedResponse({ type: UserDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(actor, dto);
  }

  @Get('me')
  @ReplicaRead()
  @Roles()
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'getMe', summary: 'The caller, with roles' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentActor() actor: Actor): Promise<UserDto> {
    return this.users.me(actor);
  }

  @Get()
  @Roles('village_admin', 'township_admin')
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'listUsers', summary: 'Users (a village admin sees those of their villages)' })
  @ApiOkResponse({ type: PageOf(UserDto) })
  list(@CurrentActor() actor: Actor, @Query() query: ListUsersQueryDto): Promise<Page<UserDto>> {
    return this.users.list(actor, query);
  }

  @Get(':id')
  @Roles('village_admin', 'township_admin')
  @ApiOperation({ operationId: 'getUser', summary: 'One user' })
  @ApiOkResponse({ type: UserDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<UserDto> {
    return this.users.get(actor, id);
  }

  @Patch(':id')
  @Roles('village_admin', 'township_admin')
  @ApiOperation({ operationId: 'updateUser', summary: 'Rename, disable or re-enable a user, or set a new password' })
  @ApiOkResponse({ type: UserDto })
  update(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.users.update(actor, id, dto);
  }
}
