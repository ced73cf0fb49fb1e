import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Page, PageOf, PageQueryDto } from '../common/pagination';
import { UuidParam } from '../common/params';
import { ApiProblems } from '../common/api-docs';
import { Actor } from './actor';
import { ApiKeysService } from './api-keys.service';
import { AuthService, ClientInfo } from './auth.service';
import { CurrentActor, Public, Roles } from './decorators';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { LoginDto, RefreshDto, TokensDto } from './dto/auth.dto';

const clientOf = (request: FastifyRequest): ClientInfo => ({ ip: request.ip, requestId: request.id });

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
  @ApiOperation({ operationId: 'refreshTokens', summary: 'Trade a refresh token for new tokens (the old one stops working)' })
  @ApiOkResponse({ type: TokensDto })
  refresh(@Body() dto: RefreshDto, @Req() request: FastifyRequest): Promise<TokensDto> {
    return this.auth.refresh(dto.refreshToken, clientOf(request));
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiProblems('unauthenticated')
  @ApiOperation({ operationId: 'logout', summary: 'End the session the refresh token belongs to' })
  @ApiNoContentResponse()
  logout(@Body() dto: RefreshDto, @Req() request: FastifyRequest): Promise<void> {
    return this.auth.logout(dto.refreshToken, clientOf(request));
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
  @ApiOperation({ operationId: 'createApiKey', summary: 'Issue an API key for a machine client (the key is shown once)' })
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
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Revoke an API key, effective at once' })
  @ApiNoContentResponse()
  revoke(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<void> {
    return this.keys.revoke(actor, id);
  }
}
