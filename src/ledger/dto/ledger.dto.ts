import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  isUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { bodyFastPath } from '../../common/validation';
import { NoControlCharacters, hasControlCharacters } from '../../common/validators';
import { ACCOUNT_KINDS, ACCOUNT_STATUSES, MAX_ENTRY_POINTS, TRANSACTION_KINDS } from '../ledger.types';
import type { AccountKind, AccountStatus, TransactionKind } from '../ledger.types';

const MAX_ENTRIES = 50;
const MAX_MEMO = 500;

export class EntryInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  accountId: string;

  @ApiProperty({ description: 'Signed points: positive credits the account, negative debits it', example: -10 })
  @IsInt()
  @Min(-MAX_ENTRY_POINTS)
  @Max(MAX_ENTRY_POINTS)
  amount: number;
}

export class CreateTransactionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiProperty({ enum: ['adjustment', 'transfer'] })
  @IsIn(['adjustment', 'transfer'])
  kind: 'adjustment' | 'transfer';

  @ApiProperty({ maxLength: 500, description: 'Why: shown in the passbook and the audit log' })
  @IsString()
  @NoControlCharacters()
  @IsNotEmpty()
  @MaxLength(MAX_MEMO)
  memo: string;

  @ApiProperty({ type: EntryInputDto, isArray: true, description: 'At least two entries summing to zero, one per account' })
  @IsArray()
  @ArrayMaxSize(MAX_ENTRIES)
  @ValidateNested({ each: true })
  @Type(() => EntryInputDto)
  entries: EntryInputDto[];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
const hasExactly = (value: Record<string, unknown>, keys: readonly string[]) => {
  const own = Object.keys(value);
  return own.length === keys.length && own.every((key) => keys.includes(key));
};
const ENTRY_KEYS = ['accountId', 'amount'] as const;
const TRANSACTION_KEYS = ['villageId', 'kind', 'memo', 'entries'] as const;
const isEntryAmount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= -MAX_ENTRY_POINTS && value <= MAX_ENTRY_POINTS;

/**
 * POST /v1/transactions' body passing every rule above (the global pipe's fast path): each
 * field present and of its type, no other field, the memo no longer than 500 UTF-16 units
 * (MaxLength counts a surrogate pair once, so this never admits a longer one). Anything
 * else, refused or not, goes through the pipe.
 */
bodyFastPath(CreateTransactionDto, (body) => {
  if (!isPlainObject(body) || !hasExactly(body, TRANSACTION_KEYS)) return null;
  const { villageId, kind, memo, entries } = body;
  if (!isUUID(villageId) || (kind !== 'adjustment' && kind !== 'transfer')) return null;
  if (typeof memo !== 'string' || memo === '' || memo.length > MAX_MEMO || hasControlCharacters(memo)) return null;
  if (!Array.isArray(entries) || entries.length > MAX_ENTRIES) return null;
  const built: EntryInputDto[] = [];
  for (const entry of entries as unknown[]) {
    if (!isPlainObject(entry) || !hasExactly(entry, ENTRY_KEYS) || !isUUID(entry.accountId) || !isEntryAmount(entry.amount)) return null;
    built.push(Object.assign(new EntryInputDto(), { accountId: entry.accountId, amount: entry.amount }));
  }
  return Object.assign(new CreateTransactionDto(), { villageId, kind, memo, entries: built });
});

export class ReverseTransactionDto {
  @ApiProperty({ maxLength: 500 })
  @IsString()
  @NoControlCharacters()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class ListAccountsQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiPropertyOptional({ enum: ACCOUNT_KINDS })
  @IsOptional()
  @IsIn(ACCOUNT_KINDS)
  kind?: AccountKind;
}

export class ListTransactionsQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiPropertyOptional({ enum: TRANSACTION_KINDS })
  @IsOptional()
  @IsIn(TRANSACTION_KINDS)
  kind?: TransactionKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  accountId?: string;
}

export class StatementQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Entries posted at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Entries posted before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class BalanceQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Balance as of this time (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class VerifyQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One village (required unless admin)' })
  @IsOptional()
  @IsUUID()
  villageId?: string;
}

export class AccountDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty({ enum: ACCOUNT_KINDS }) kind: AccountKind;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) householdId: string | null;
  @ApiProperty({ enum: ACCOUNT_STATUSES }) status: AccountStatus;
  @ApiProperty({ description: 'Current balance in points' }) balance: number;
}

export class BalanceDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) householdId: string | null;
  @ApiProperty() balance: number;
  @ApiProperty({ format: 'date-time' }) asOf: string;
}

export class EntryDto {
  @ApiProperty({ description: 'Entry id (a decimal string)' }) id: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() amount: number;
  @ApiProperty({ nullable: true, type: Number, description: "The account's balance after this entry; null for system accounts" })
  balanceAfter: number | null;
}

export class ReferenceDto {
  @ApiProperty({ example: 'redemption' }) type: string;
  @ApiProperty() id: string;
}

export class CreatedByDto {
  @ApiProperty() kind: string;
  @ApiProperty({ nullable: true, type: String }) id: string | null;
  @ApiProperty() name: string;
}

export class TransactionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty({ enum: TRANSACTION_KINDS }) kind: TransactionKind;
  @ApiProperty() memo: string;
  @ApiProperty({ type: ReferenceDto, nullable: true, description: 'What the transaction belongs to (a sale, a score item, the transaction it reverses); null for a manual one' })
  reference: ReferenceDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) reversesId: string | null;
  @ApiProperty({ type: CreatedByDto }) createdBy: CreatedByDto;
  @ApiProperty({ format: 'date-time' }) postedAt: string;
  @ApiProperty({ type: EntryDto, isArray: true }) entries: EntryDto[];
}

export class PassbookLineDto {
  @ApiProperty() entryId: string;
  @ApiProperty({ format: 'uuid' }) transactionId: string;
  @ApiProperty({ enum: TRANSACTION_KINDS }) kind: TransactionKind;
  @ApiProperty() amount: number;
  @ApiProperty({ nullable: true, type: Number }) balanceAfter: number | null;
  @ApiProperty() memo: string;
  @ApiProperty({ format: 'date-time' }) postedAt: string;
}

export class LedgerProblemDto {
  @ApiProperty({
    description:
      'What is wrong: transaction_unbalanced, entry_unknown_account, balance_mismatch, balance_after_inconsistent, forbidden_overdraft, reversal_invalid, audit_event_missing, audit_chain_broken, trigger_missing',
  })
  code: string;
  @ApiProperty() detail: string;
  @ApiPropertyOptional({ format: 'uuid' }) transactionId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) accountId?: string;
  @ApiPropertyOptional() entryId?: string;
  @ApiPropertyOptional() auditEventId?: string;
}

export class VerifyResultDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() checkedTransactions: number;
  @ApiProperty() checkedAccounts: number;
  @ApiProperty() checkedEntries: number;
  @ApiProperty({ type: LedgerProblemDto, isArray: true }) problems: LedgerProblemDto[];
}
