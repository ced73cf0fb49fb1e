import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import { HOUSEHOLD_STATUSES, HouseholdStatus } from '../entities/household.entity';
import { ResidentDto } from './resident.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** 户号: letters, digits, CJK, - and _ (e.g. `一组-015`), as villages number their households. */
export const HOUSEHOLD_CODE = /^[\p{L}\p{N}][\p{L}\p{N}_-]{0,31}$/u;
export const CARD_NO = /^[A-Za-z0-9_-]{1,64}$/;

export class CreateHouseholdDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiProperty({ example: '一组-015', maxLength: 32, description: '户号, unique in the village' })
  @Transform(trim)
  @IsString()
  @Matches(HOUSEHOLD_CODE, { message: 'code must be 1-32 letters, digits, - or _' })
  code: string;

  @ApiPropertyOptional({ example: '南林桥村一组15号', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  address?: string;

  @ApiPropertyOptional({ example: 'C00012345', description: 'Points card or QR code number, unique in the village' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(CARD_NO, { message: 'cardNo must be 1-64 letters, digits, - or _' })
  cardNo?: string;

  @ApiPropertyOptional({ example: '第一村民小组', maxLength: 50, description: '村民小组' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(50)
  group?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '党员包户: the contact, a user holding a role in this village' })
  @IsOptional()
  @IsUUID()
  contactUserId?: string;
}

export class UpdateHouseholdDto {
  @ApiPropertyOptional({ example: '一组-016' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(HOUSEHOLD_CODE, { message: 'code must be 1-32 letters, digits, - or _' })
  code?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(200)
  address?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'A new card number re-issues the card (the old one stops working at once); null revokes it',
  })
  @IsOptional()
  @Transform(trim)
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @Matches(CARD_NO, { message: 'cardNo must be 1-64 letters, digits, - or _' })
  cardNo?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 50 })
  @IsOptional()
  @Transform(trim)
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(50)
  group?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: '党员包户: the contact, a user holding a role in this village; null removes it' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  contactUserId?: string | null;

  @ApiPropertyOptional({ enum: HOUSEHOLD_STATUSES, description: '`closed` freezes the points account; refused while points remain unless `force`' })
  @IsOptional()
  @IsIn(HOUSEHOLD_STATUSES)
  status?: HouseholdStatus;

  @ApiPropertyOptional({ description: 'Close even though the account holds points (needs `reason`; audited)' })
  @IsOptional()
  @IsBoolean()
  force?: boolean;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}

export class ListHouseholdsQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiPropertyOptional({ description: 'Household code (prefix) or card number, a member name fragment, a full ID number or phone' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  q?: string;

  @ApiPropertyOptional({ enum: HOUSEHOLD_STATUSES })
  @IsOptional()
  @IsIn(HOUSEHOLD_STATUSES)
  status?: HouseholdStatus;

  @ApiPropertyOptional({ description: 'Only this villager group (村民小组)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  group?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the households of this contact (党员包户)' })
  @IsOptional()
  @IsUUID()
  contactUserId?: string;
}

export class HouseholdLookupQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiProperty({ example: 'C00012345' })
  @Transform(trim)
  @IsString()
  @Matches(CARD_NO, { message: 'cardNo must be 1-64 letters, digits, - or _' })
  cardNo: string;
}

export class HouseholdBalanceQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Balance as of this instant (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class HouseholdDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty() code: string;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: String, nullable: true }) cardNo: string | null;
  @ApiProperty({ type: String, nullable: true, description: '村民小组' }) group: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: '党员包户: the user who looks after the household' }) contactUserId: string | null;
  @ApiProperty({ enum: HOUSEHOLD_STATUSES }) status: HouseholdStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The household points account' }) accountId: string | null;
  @ApiProperty({ description: 'Changes with every update; sent as the ETag' }) version: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class HouseholdLookupDto {
  @ApiProperty({ type: HouseholdDto }) household: HouseholdDto;
  @ApiProperty({ type: ResidentDto, isArray: true, description: 'Active members, personal data masked' }) members: ResidentDto[];
  @ApiProperty({ description: 'Current points balance' }) balance: number;
}

export class HouseholdBalanceDto {
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() balance: number;
  @ApiProperty({ format: 'date-time' }) asOf: string;
}
