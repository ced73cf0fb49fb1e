import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import { CAP_PERIODS, CapPeriod } from '../../core/vocabulary/scoring-vocabulary';
import { RULE_STATUSES, RuleStatus } from '../rule.entity';

export const MAX_RULE_POINTS = 100_000;

/** The standard categories of village rule books; a village may use others of its own. */
export const RULE_CATEGORIES = ['环境卫生', '孝老爱亲', '志愿服务', '移风易俗', '遵纪守法', '乡风文明', '产业发展', '其他'] as const;

const POINTS = { minimum: -MAX_RULE_POINTS, maximum: MAX_RULE_POINTS };

export class CreateRuleDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiProperty({ example: 'HY-01', description: 'Unique among the village\'s active rules' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, { message: 'code must be 1-32 letters, digits, ".", "_" or "-"' })
  code: string;

  @ApiProperty({ example: '环境卫生', maxLength: 20, description: `Standard: ${RULE_CATEGORIES.join(', ')}; a village may add its own` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  category: string;

  @ApiProperty({ example: '庭院整洁', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ ...POINTS, description: 'Fixed points (negative: a deduction); or give minPoints and maxPoints' })
  @IsOptional()
  @IsInt()
  @Min(-MAX_RULE_POINTS)
  @Max(MAX_RULE_POINTS)
  points?: number;

  @ApiPropertyOptional(POINTS)
  @IsOptional()
  @IsInt()
  @Min(-MAX_RULE_POINTS)
  @Max(MAX_RULE_POINTS)
  minPoints?: number;

  @ApiPropertyOptional(POINTS)
  @IsOptional()
  @IsInt()
  @Min(-MAX_RULE_POINTS)
  @Max(MAX_RULE_POINTS)
  maxPoints?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'Most points (absolute) one household may get from this rule per period' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100 * MAX_RULE_POINTS)
  capPerPeriod?: number;

  @ApiPropertyOptional({ enum: CAP_PERIODS })
  @IsOptional()
  @IsIn(CAP_PERIODS)
  period?: CapPeriod;

  @ApiPropertyOptional({ description: 'Items under this rule must carry evidence; false when left out' })
  @IsOptional()
  @IsBoolean()
  evidenceRequired?: boolean;
}

/** Title, description and category may always change; points, cap and evidence only while no item uses the rule. */
export class UpdateRuleDto {
  @ApiPropertyOptional({ maxLength: 20 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  category?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ type: String, maxLength: 2000, nullable: true, description: 'null removes the description' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ ...POINTS, description: 'Only while no item uses the rule (else 409 invalid_state: retire it and create a new one)' })
  @IsOptional()
  @IsInt()
  @Min(-MAX_RULE_POINTS)
  @Max(MAX_RULE_POINTS)
  points?: number;

  @ApiPropertyOptional(POINTS)
  @IsOptional()
  @IsInt()
  @Min(-MAX_RULE_POINTS)
  @Max(MAX_RULE_POINTS)
  minPoints?: number;

  @ApiPropertyOptional(POINTS)
  @IsOptional()
  @IsInt()
  @Min(-MAX_RULE_POINTS)
  @Max(MAX_RULE_POINTS)
  maxPoints?: number;

  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100 * MAX_RULE_POINTS)
  capPerPeriod?: number;

  @ApiPropertyOptional({ enum: CAP_PERIODS })
  @IsOptional()
  @IsIn(CAP_PERIODS)
  period?: CapPeriod;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  evidenceRequired?: boolean;
}

export class ListRulesQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiPropertyOptional({ enum: RULE_STATUSES })
  @IsOptional()
  @IsIn(RULE_STATUSES)
  status?: RuleStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20)
  category?: string;
}

export class RuleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty() code: string;
  @ApiProperty() category: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: Number, nullable: true }) points: number | null;
  @ApiProperty({ type: Number, nullable: true }) minPoints: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxPoints: number | null;
  @ApiProperty({ type: Number, nullable: true }) capPerPeriod: number | null;
  @ApiProperty({ type: String, enum: CAP_PERIODS, nullable: true }) period: CapPeriod | null;
  @ApiProperty() evidenceRequired: boolean;
  @ApiProperty({ enum: RULE_STATUSES }) status: RuleStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) retiredAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
