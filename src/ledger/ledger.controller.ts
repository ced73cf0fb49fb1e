import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EntityManager } from 'typeorm';
import { Actor } from '../core/identity/actor';
import { CurrentActor, Roles } from '../core/identity/decorators';
import { GroupedIdempotentRequest, GroupedIdempotentRequestOf, Idempotent, IdempotencyKey, IdempotentGrouped, IdempotentTx, StoredResponse } from '../core/idempotency/idempotency';
import { Page, PageOf } from '../core/http/pagination';
import { UuidParam } from '../core/http/params';
import { ApiProblems } from '../core/http/api-docs';
import {
  AccountDto,
  BalanceDto,
  BalanceQueryDto,
  CreateTransactionDto,
  ListAccountsQueryDto,
  ListTransactionsQueryDto,
  PassbookLineDto,
  ReverseTransactionDto,
  StatementQueryDto,
  TransactionDto,
  VerifyQueryDto,
  VerifyResultDto,
} from './dto/ledger.dto';
import { LedgerService } from './ledger.service';
import { ReplicaRead } from '../core/database/replicas/replica-read';

@ApiTags('ledger')
@Controller('v1/accounts')
export class AccountsController {
  constructor(private readonly ledger: LedgerService) {}

  @Get()
  @ReplicaRead()
  @Roles('village_admin', 'auditor', 'clerk')
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'listAccounts', summary: "List a village's accounts with their balances" })
  @ApiOkResponse({ type: PageOf(AccountDto) })
  list(@CurrentActor() actor: Actor, @Query() query: ListAccountsQueryDto): Promise<Page<AccountDto>> {
    return this.ledger.listAccounts(actor, query);
  }

  @Get(':id')
  @ReplicaRead()
  @Roles('village_admin', 'auditor', 'clerk', 'resident')
  @ApiOperation({ operationId: 'getAccount', summary: 'Get one account and its current balance' })
  @ApiOkResponse({ type: AccountDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<AccountDto> {
    return this.ledger.getAccount(actor, id);
  }

  @Get(':id/balance')
  @ReplicaRead()
  @Roles('village_admin', 'auditor', 'clerk', 'resident')
  @ApiOperation({ operationId: 'getAccountBalance', summary: "An account's balance now or as of a past time (an index look-up)" })
  @ApiOkResponse({ type: BalanceDto })
  balance(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: BalanceQueryDto): Promise<BalanceDto> {
    return this.ledger.accountBalance(actor, id, query.asOf);
  }

  @Get(':id/entries')
  @ReplicaRead()
  @Roles('village_admin', 'auditor', 'clerk', 'resident')
  @ApiOperation({ operationId: 'listAccountEntries', summary: 'The passbook of an account, newest first (keyset pages)' })
  @ApiOkResponse({ type: PageOf(PassbookLineDto) })
  entries(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: StatementQueryDto): Promise<Page<PassbookLineDto>> {
    return this.ledger.accountEntries(actor, id, query);
  }
}

@ApiTags('ledger')
@Controller('v1/transactions')
export class TransactionsController {
  constructor(private readonly ledger: LedgerService) {}

  @Post()
  @HttpCode(201)
  @Roles('village_admin')
  @IdempotentGrouped()
  @ApiProblems('not_found', 'invalid_state', 'unbalanced_transaction', 'insufficient_points')
  @ApiOperation({ operationId: 'createTransaction', summary: 'Post a manual adjustment or a transfer between households' })
  @ApiCreatedResponse({ type: TransactionDto })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateTransactionDto,
    @GroupedIdempotentRequestOf() idempotent: GroupedIdempotentRequest,
  ): Promise<StoredResponse> {
    // The stored answer (TransactionDto as JSON text), which the idempotency interceptor sends.
    return this.ledger.createTransaction(actor, dto, idempotent);
  }

  @Get()
  @ReplicaRead()
  @Roles('village_admin', 'auditor', 'clerk')
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'listTransactions', summary: 'List transactions, newest first' })
  @ApiOkResponse({ type: PageOf(TransactionDto) })
  list(@CurrentActor() actor: Actor, @Query() query: ListTransactionsQueryDto): Promise<Page<TransactionDto>> {
    return this.ledger.listTransactions(actor, query);
  }

  @Get(':id')
  @ReplicaRead()
  @Roles('village_admin', 'auditor', 'clerk')
  @ApiOperation({ operationId: 'getTransaction', summary: 'Get one transaction with its entries' })
  @ApiOkResponse({ type: TransactionDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<TransactionDto> {
    return this.ledger.getTransaction(actor, id);
  }

  @Post(':id/reverse')
  @HttpCode(201)
  @Roles('village_admin')
  @Idempotent()
  @ApiProblems('already_reversed', 'invalid_state')
  @ApiOperation({ operationId: 'reverseTransaction', summary: 'Post the exact opposite of a transaction, once' })
  @ApiCreatedResponse({ type: TransactionDto })
  reverse(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: ReverseTransactionDto,
    @IdempotentTx() tx: EntityManager,
    @IdempotencyKey() key: string,
  ): Promise<TransactionDto> {
    return this.ledger.reverse(tx, actor, id, dto.reason, key);
  }
}

@ApiTags('ledger')
@Controller('v1/ledger')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Get('verify')
  @Roles('auditor', 'township_officer')
  @ApiProblems('not_found')
  @ApiOperation({ operationId: 'verifyLedger', summary: 'Check every ledger invariant and list each problem with ids' })
  @ApiOkResponse({ type: VerifyResultDto })
  verify(@CurrentActor() actor: Actor, @Query() query: VerifyQueryDto): Promise<VerifyResultDto> {
    return this.ledger.verify(actor, query.villageId);
  }
}
