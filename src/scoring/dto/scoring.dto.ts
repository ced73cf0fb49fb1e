import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import { NoControlCharacters } from '../../core/http/validators';
import { MAX_RULE_POINTS } from '../../rules/dto/rule.dto';
import { DECISIONS, DecisionRule } from '../decision';
import { OBJECTION_STATUSES, ObjectionStatus } from '../entities/objection.entity';
import { ITEM_SOURCES, ITEM_STATUSES, ItemSource, ItemStatus } from '../entities/score-item.entity';
import { ROUND_STATUSES, RoundStatus } from '../entities/scoring-round.entity';

export const MAX_BULK_ITEMS = 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateRoundDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  panelId: string;

  @ApiProperty({ example: '2026年11月 环境卫生评比', maxLength: 200 })
  @IsString()
  @NoControlCharacters()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ format: 'date', example: '2026-11-01', description: 'First day the round covers; its month/quarter/year is the period of rule caps' })
  @Matches(DATE, { message: 'periodStart must be a date YYYY-MM-DD' })
  periodStart: string;

  @ApiProperty({ format: 'date', example: '2026-11-30' })
  @Matches(DATE, { message: 'periodEnd must be a date YYYY-MM-DD' })
  periodEnd: string;
}

export class ListRoundsQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiPropertyOptional({ enum: ROUND_STATUSES })
  @IsOptional()
  @IsIn(ROUND_STATUSES)
  status?: RoundStatus;
}

export class CancelRoundDto {
  @ApiProperty({ maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

const points = () => [IsInt(), Min(-MAX_RULE_POINTS), Max(MAX_RULE_POINTS)];
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

export class CreateItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  householdId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The member of the household the item is about' })
  @IsOptional()
  @IsUUID()
  residentId?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  ruleId: string;

  @ApiProperty({ description: "Within the rule's points (fixed) or range" })
  @apply(points())
  proposedPoints: number;

  @ApiPropertyOptional({ type: String, isArray: true, maxItems: 20, description: 'Evidence URLs (photos, documents); required by some rules and by self-claims' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { each: true, message: 'evidence must be http or https URLs' })
  @MaxLength(1000, { each: true })
  evidence?: string[];

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class BulkItemsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  ruleId: string;

  @ApiProperty({ type: String, format: 'uuid', isArray: true, minItems: 1, maxItems: MAX_BULK_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_ITEMS)
  @IsUUID('all', { each: true })
  householdIds: string[];

  @ApiPropertyOptional({ description: "Default: the rule's fixed points (required for a range rule)" })
  @IsOptional()
  @apply(points())
  proposedPoints?: number;

  @ApiPropertyOptional({ type: String, isArray: true, maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { each: true, message: 'evidence must be http or https URLs' })
  @MaxLength(1000, { each: true })
  evidence?: string[];

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class ListItemsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ITEM_STATUSES })
  @IsOptional()
  @IsIn(ITEM_STATUSES)
  status?: ItemStatus;
}

export class CreateRatingDto {
  @ApiProperty()
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional({ description: "Required to approve under a range rule: within the rule's range" })
  @IsOptional()
  @apply(points())
  points?: number;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Required to reject' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}

export class CreateObjectionDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The villager objecting (staff filing on their behalf name them here)' })
  @IsOptional()
  @IsUUID()
  residentId?: string;

  @ApiPropertyOptional({ description: 'Hide who objected on the public notice (false when left out)' })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;
}

export class ResolveObjectionDto {
  @ApiProperty({ enum: ['upheld', 'dismissed'] })
  @IsIn(['upheld', 'dismissed'])
  outcome: 'upheld' | 'dismissed';

  @ApiPropertyOptional({ description: "Upheld: the item's revised points (within the rule's range); absent: the item is withdrawn" })
  @IsOptional()
  @apply(points())
  revisedPoints?: number;

  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note: string;
}

export class ListObjectionsQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  roundId?: string;

  @ApiPropertyOptional({ enum: OBJECTION_STATUSES })
  @IsOptional()
  @IsIn(OBJECTION_STATUSES)
  status?: ObjectionStatus;
}

// ---- responses ----

export class RoundMemberDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() seat: string;
}

export class RoundCountsDto {
  @ApiProperty() items: number;
  @ApiProperty() pending: number;
  @ApiProperty() approved: number;
  @ApiProperty() rejected: number;
  @ApiProperty() noQuorum: number;
  @ApiProperty() withdrawn: number;
  @ApiProperty() posted: number;
  @ApiProperty() openObjections: number;
}

export class RoundDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty({ format: 'uuid' }) panelId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  @ApiProperty({ enum: ROUND_STATUSES }) status: RoundStatus;
  @ApiProperty({ description: 'Copied from the panel when the round opened' }) quorum: number;
  @ApiProperty({ enum: DECISIONS }) decision: DecisionRule;
  @ApiProperty({ type: RoundMemberDto, isArray: true }) members: RoundMemberDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) noticeEndsAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) postedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt: string | null;
  @ApiProperty({ type: RoundCountsDto }) counts: RoundCountsDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class RatingDto {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ format: 'uuid' }) memberId: string;
  @ApiProperty() approve: boolean;
  @ApiProperty({ type: Number, nullable: true }) points: number | null;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) residentId: string | null;
  @ApiProperty({ format: 'uuid' }) ruleId: string;
  @ApiProperty() proposedPoints: number;
  @ApiProperty({ type: String, isArray: true }) evidence: string[];
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ enum: ITEM_SOURCES, description: "self_claim: 申报 by a resident for their own household; contact: proposed by the household's contact (党员包户) on the panel" }) source: ItemSource;
  @ApiProperty({ enum: ITEM_STATUSES }) status: ItemStatus;
  @ApiProperty({ type: Number, nullable: true }) finalPoints: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'decision, cap_exceeded, no_quorum, objection_upheld' }) reason: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The ledger transaction, once posted' }) transactionId: string | null;
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ItemDetailDto extends ItemDto {
  @ApiProperty({ type: RatingDto, isArray: true }) ratings: RatingDto[];
}

export class BulkItemsResultDto {
  @ApiProperty() created: number;
  @ApiProperty({ type: ItemDto, isArray: true }) items: ItemDto[];
}

export class PostingDto {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ enum: ['award', 'penalty'] }) kind: 'award' | 'penalty';
  @ApiProperty() points: number;
  @ApiProperty({ format: 'uuid' }) transactionId: string;
}

export class PostResultDto {
  @ApiProperty({ type: RoundDto }) round: RoundDto;
  @ApiProperty({ type: PostingDto, isArray: true }) postings: PostingDto[];
}

export class ObjectionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) residentId: string | null;
  @ApiProperty() anonymous: boolean;
  @ApiProperty({ description: 'Filed by staff on a villager\'s behalf' }) onBehalf: boolean;
  @ApiProperty() filedBy: string;
  @ApiProperty({ enum: OBJECTION_STATUSES }) status: ObjectionStatus;
  @ApiProperty({ type: Number, nullable: true }) revisedPoints: number | null;
  @ApiProperty({ type: String, nullable: true }) resolutionNote: string | null;
  @ApiProperty({ type: String, nullable: true }) resolvedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class NoticeObjectionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Masked name of the villager, 匿名 when anonymous' }) by: string;
  @ApiProperty() text: string;
  @ApiProperty({ enum: OBJECTION_STATUSES }) status: ObjectionStatus;
  @ApiProperty({ type: Number, nullable: true }) revisedPoints: number | null;
  @ApiProperty({ type: String, nullable: true }) resolutionNote: string | null;
}

export class NoticeItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null for a deduction when the village withholds deduction names (showDeductionNames: false)' })
  householdCode: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The head's name masked (张*明); null when hidden" }) headName: string | null;
  @ApiProperty() ruleCode: string;
  @ApiProperty() ruleTitle: string;
  @ApiProperty() category: string;
  @ApiProperty() proposedPoints: number;
  @ApiProperty({ type: Number, nullable: true }) points: number | null;
  @ApiProperty({ enum: ITEM_STATUSES }) decision: ItemStatus;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: NoticeObjectionDto, isArray: true }) objections: NoticeObjectionDto[];
}

export class NoticeRoundDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  @ApiProperty({ enum: ROUND_STATUSES }) status: RoundStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) noticeEndsAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) postedAt: string | null;
  @ApiProperty({ type: NoticeItemDto, isArray: true }) items: NoticeItemDto[];
}

export class NoticesDto {
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty() villageName: string;
  @ApiProperty({ description: "The village's time zone (for displaying times)" }) timezone: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: NoticeRoundDto, isArray: true }) rounds: NoticeRoundDto[];
}
