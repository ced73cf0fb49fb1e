import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
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
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import { IsStrictlyAscending, IsTimeZone } from '../../core/http/validators';

export class PointsExpiryDto {
  @ApiProperty({ enum: ['none', 'annual'] })
  @IsIn(['none', 'annual'])
  mode: 'none' | 'annual';

  @ApiPropertyOptional({ example: '01-01', description: 'MM-DD, required when mode is annual' })
  @ValidateIf((o: PointsExpiryDto) => o.mode === 'annual' || o.resetDate !== undefined)
  @Matches(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'resetDate must be MM-DD' })
  resetDate?: string;
}

export class VillageSettingsDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 60, description: 'Days of public notice before decisions are posted (0: at once); 3 for a new village that leaves it out' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  noticePeriodDays?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, description: 'Ratings an item needs by default; 3 for a new village that leaves it out' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  quorum?: number;

  @ApiPropertyOptional({ example: 'Asia/Shanghai', description: 'IANA time zone of the village; Asia/Shanghai for a new village that leaves it out' })
  @IsOptional()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ type: PointsExpiryDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PointsExpiryDto)
  pointsExpiry?: PointsExpiryDto;

  @ApiPropertyOptional({ type: [Number], example: [50, 100, 150, 200, 300], description: 'Yearly earned points for 1 to 5 stars, strictly ascending' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(1_000_000, { each: true })
  @IsStrictlyAscending()
  starThresholds?: number[];

  @ApiPropertyOptional({ description: 'false: public boards show deductions without household names; true for a new village that leaves it out' })
  @IsOptional()
  @IsBoolean()
  showDeductionNames?: boolean;
}

export class CreateVillageDto {
  @ApiProperty({ example: 'NLQ', maxLength: 32, description: 'Unique code of the village' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, { message: 'code must be 1-32 letters, digits, - or _' })
  code: string;

  @ApiProperty({ example: '南林桥村', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: '南林桥镇', maxLength: 100, description: 'The township as free text (kept for older clients); townshipId links the village to one' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  township?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The township the village belongs to (at most one); a township admin creates villages only in its own. Changing it later: admin only',
  })
  @IsOptional()
  @IsUUID()
  townshipId?: string | null;

  @ApiPropertyOptional({ type: VillageSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => VillageSettingsDto)
  settings?: VillageSettingsDto;
}

export class UpdateVillageDto extends PartialType(PickType(CreateVillageDto, ['name', 'township', 'townshipId', 'settings'] as const)) {}

export class ListVillagesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only villages of this township' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  township?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only villages of this township' })
  @IsOptional()
  @IsUUID()
  townshipId?: string;
}

export class PointsExpirySettingsDto {
  @ApiProperty({ enum: ['none', 'annual'] })
  mode: 'none' | 'annual';
  @ApiPropertyOptional({ example: '01-01' })
  resetDate?: string;
}

export class VillageSettingsViewDto {
  @ApiProperty() noticePeriodDays: number;
  @ApiProperty() quorum: number;
  @ApiProperty() timezone: string;
  @ApiProperty({ type: PointsExpirySettingsDto }) pointsExpiry: PointsExpirySettingsDto;
  @ApiProperty({ type: [Number] }) starThresholds: number[];
  @ApiProperty() showDeductionNames: boolean;
}

export class VillageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) township: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) townshipId: string | null;
  @ApiProperty({ type: VillageSettingsViewDto }) settings: VillageSettingsViewDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
