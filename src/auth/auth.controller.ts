import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Page, PageOf, PageQueryDto } from '../core/http/pagination';
import { UuidParam } from '../core/http/params';
import { ApiProblems } from '../core/http/api-docs';
import { Actor } from '../core/identity/actor';
import { ApiKeysService } from './api-keys.service';
import { AuthService, ClientInfo } from './auth.service';
import { AllowPendingPasswordChange, CurrentActor, Public, Roles, clientAddress } from '../core/identity/decorators';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { ChangePasswordDto, LoginDto, LogoutDto, RefreshDto, TokensDto } from './dto/auth.dto';

const clientOf = (request: FastifyRequest): ClientInfo => ({ ip: clientAddress(request), requestId: request.id });

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiProblems('invalid_credentials', 'rate_limited')
  @ApiOperation({ operationId: 'login', summary: 'Log in: a 15-minute access token and a 30-day single-use refresh token' })
  @ApiOkResponse({ type: TokensDto })
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<TokensDto> {
    return this.auth.login(dto, clientOf(request));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiProblems('unauthenticated')
  @ApiOperation({
    operationId: 'refreshTokens',
    summary: 'Trade a refresh token for new tokens (the old one is used up)',
    description:
      'Presented again within 30 s of its use (two tabs, a lost answer), a refresh token gets the same new pair again. ' +
      'Presented later, it was copied: the whole session ends (401).',
  })
  @ApiOkResponse({ type: TokensDto })
  refresh(@Body() dto: RefreshDto, @Req() request: FastifyRequest): Promise<TokensDto> {
    return this.auth.refresh(dto.refreshToken, clientOf(request));
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiProblems('unauthenticated')
  @ApiBearerAuth('bearer')
  @ApiSecurity({})
  @ApiBody({ type: LogoutDto, required: false })
  @ApiOperation({
    operationId: 'logout',
    summary: 'End a session: its refresh token and its access tokens stop working at once',
    description: 'The session of the bearer token (even an expired one), and/or of `refreshToken`. Ending an ended session is 204 too.',
  })
  @ApiNoContentResponse()
  logout(@Body() dto: LogoutDto, @Req() request: FastifyRequest): Promise<void> {
    return this.auth.logout(request.headers.authorization, dto.refreshToken, clientOf(request));
  }

  @Post('password')
  @Roles()
  @AllowPendingPasswordChange()
  @HttpCode(204)
  @ApiProblems('invalid_credentials', 'rate_limited')
  @ApiOperation({
    operationId: 'changePassword',
    summary: "Change the caller's own password; the caller's other sessions end",
    description: 'A wrong current password is 401 invalid_credentials and counts as a failed login (so repeated ones meet the login lockout: 429 rate_limited with Retry-After). API keys have no password (403).',
  })
  @ApiNoContentResponse()
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Req() request: FastifyRequest): Promise<void> {
    return this.auth.changePassword(actor, dto, clientOf(request));
  }
}

@ApiTags('auth')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Roles('village_admin')
  @HttpCode(201)
  @ApiProblems('not_found')
  @ApiOperation({
    operationId: 'createApiKey',
    summary: 'Issue an API key for a machine client (the key is shown once)',
    description:
      'The key acts for the user who created it (for a key minted by a key: that key\'s user) and stops working while that user is disabled. ' +
      'A key mints keys and users only with roles it holds itself; a minted key expires no later than its parent and is revoked with it.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.create(actor, dto);
  }

  @Get()
  @Roles('village_admin')
  @ApiOperation({ operationId: 'listApiKeys', summary: 'API keys the caller manages (never the keys themselves)' })
  @ApiOkResponse({ type: PageOf(ApiKeyDto) })
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<ApiKeyDto>> {
    return this.keys.list(actor, query);
  }

  @Delete(':id')
  @Roles('village_admin')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key, effective at once, and every key it minted',
    description: 'Keys minted by this key (and by those, and so on) are revoked with it; users it created are not (staff disable them).',
  })
  @ApiNoContentResponse()
  revoke(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<void> {
    return this.keys.revoke(actor, id);
  }
}
