import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';

/** Years 1000-2999: the day after 9999-12-31 has a five-digit year that PostgreSQL refused (500, found by the contract fuzzer). */
const DATE = /^[12]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A year, quarter or month (parsePeriod reads it). */
export const PERIOD_PATTERN = '^\\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$';

export class LeaderboardQueryDto {
  @ApiProperty({ example: '2026-11', pattern: PERIOD_PATTERN, description: 'A year (2026), quarter (2026-Q4) or month (2026-11), in the village calendar' })
  @IsString()
  @MaxLength(7)
  period: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Only this villager group (村民小组)' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  group?: string;

  @ApiPropertyOptional({ description: 'The next page: `nextCursor` of the previous one' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "That household's row plus the rows just above and below it (ranked in the whole list); not with cursor" })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the households of this contact (党员包户)' })
  @IsOptional()
  @IsUUID()
  contactUserId?: string;
}

export class StarsQueryDto extends PageQueryDto {
  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class SummaryQueryDto {
  @ApiPropertyOptional({ format: 'date', example: '2026-01-01', description: 'First local day (inclusive); the beginning when left out' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a calendar date (2026-02-30 is not)' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-31', description: 'Last local day (inclusive); today when left out' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a calendar date (2026-02-30 is not)' })
  to?: string;
}

export class TownshipSummaryQueryDto extends SummaryQueryDto {
  @ApiPropertyOptional({ description: 'Only the villages of this township' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  township?: string;
}

export class LeaderboardEntryDto {
  @ApiProperty({ description: 'Ties share a rank (1, 2, 2, 4)' }) rank: number;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty() code: string;
  @ApiProperty({ type: String, nullable: true }) group: string | null;
  @ApiProperty({ description: 'Earned in the period: awards minus penalties, reversals netted' }) points: number;
  @ApiProperty({ description: 'Stars of the period’s year (星级文明户)' }) stars: number;
}

export class LeaderboardDto {
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty() period: string;
  @ApiProperty({ description: 'First local day' }) from: string;
  @ApiProperty({ description: 'Local day after the last' }) until: string;
  @ApiProperty({ type: LeaderboardEntryDto, isArray: true }) items: LeaderboardEntryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page; null on the last page and for a householdId look-up' }) nextCursor: string | null;
}

export class StarsEntryDto {
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty() code: string;
  @ApiProperty({ type: String, nullable: true }) group: string | null;
  @ApiProperty() points: number;
  @ApiProperty({ minimum: 0, maximum: 5 }) stars: number;
}

export class StarsDto {
  @ApiProperty() year: number;
  @ApiProperty({ type: [Number] }) thresholds: number[];
  @ApiProperty({ type: StarsEntryDto, isArray: true }) items: StarsEntryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class CategoryPointsDto {
  @ApiProperty() category: string;
  @ApiProperty() points: number;
}

export class TopItemDto {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() name: string;
  @ApiProperty() quantity: number;
  @ApiProperty() points: number;
}

export class DonorDto {
  @ApiProperty() donor: string;
  @ApiProperty() quantity: number;
  @ApiProperty() items: number;
}

export class LowStockDto {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() name: string;
  @ApiProperty() stockOnHand: number;
  @ApiProperty() lowStockThreshold: number;
}

export class SummaryDto {
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty() villageName: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ description: 'Sum of household balances at the start of `from`' }) openingBalance: number;
  @ApiProperty({ description: 'Awarded to households' }) issued: number;
  @ApiProperty({ description: 'Deducted by penalties' }) deducted: number;
  @ApiProperty({ description: 'Spent at the points supermarket' }) redeemed: number;
  @ApiProperty({ description: 'Given back by cancelled sales' }) refunded: number;
  @ApiProperty({ description: 'Expired by the annual reset' }) expired: number;
  @ApiProperty({ description: 'Net of manual adjustments, transfers and reversals' }) adjusted: number;
  @ApiProperty({ description: 'Sum of household balances at the end of `to`; = opening + issued − deducted − redeemed + refunded − expired + adjusted' }) outstanding: number;
  @ApiProperty() households: number;
  @ApiProperty({ description: 'Households with at least one award in the period' }) participatingHouseholds: number;
  @ApiProperty({ format: 'double', minimum: 0, maximum: 1, description: 'participatingHouseholds / households (0 when none)' }) participation: number;
  @ApiProperty({ type: CategoryPointsDto, isArray: true }) pointsByCategory: CategoryPointsDto[];
  @ApiProperty({ type: TopItemDto, isArray: true }) topRedeemedItems: TopItemDto[];
  @ApiProperty({ type: DonorDto, isArray: true }) donationsByDonor: DonorDto[];
  @ApiProperty({ type: LowStockDto, isArray: true }) lowStockItems: LowStockDto[];
}

export class TownshipSummaryDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: SummaryDto, isArray: true }) villages: SummaryDto[];
}

export class RankDto {
  @ApiProperty({ example: '2026-11', description: 'The current month in the village calendar' }) period: string;
  @ApiProperty({ description: 'As on the leaderboard: ties share a rank' }) rank: number;
  @ApiProperty({ description: 'Earned in the period' }) points: number;
}

/** A household's standing: balance, stars of this year, rank of this month. */
export class HouseholdStanding {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty() balance: number;
  @ApiProperty({ minimum: 0, maximum: 5, description: 'Stars of this year (星级文明户)' }) stars: number;
  @ApiProperty({ type: RankDto }) rank: RankDto;
}
