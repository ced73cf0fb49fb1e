import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import { DECISIONS, DecisionRule } from '../../core/vocabulary/scoring-vocabulary';
import { SEATS, Seat } from '../panel.entity';

export const MAX_PANEL_MEMBERS = 50;

export class PanelMemberDto {
  @ApiProperty({ format: 'uuid', description: 'A user holding panel_member in the village' })
  @IsUUID()
  userId: string;

  @ApiProperty({ enum: SEATS })
  @IsIn(SEATS)
  seat: Seat;
}

export class CreatePanelDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiProperty({ example: '2026年第四季度评定小组', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ type: PanelMemberDto, isArray: true, minItems: 1, maxItems: MAX_PANEL_MEMBERS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PANEL_MEMBERS)
  @ValidateNested({ each: true })
  @Type(() => PanelMemberDto)
  members: PanelMemberDto[];

  @ApiPropertyOptional({ minimum: 1, description: "Ratings an item needs to be decided; default: the village's quorum setting; at most the number of members" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PANEL_MEMBERS)
  quorum?: number;

  @ApiPropertyOptional({ enum: DECISIONS, description: 'majority when left out' })
  @IsOptional()
  @IsIn(DECISIONS)
  decision?: DecisionRule;
}

/** Changes apply to rounds opened afterwards; open rounds keep the membership they opened with. */
export class UpdatePanelDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ type: PanelMemberDto, isArray: true, description: 'The whole new membership' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PANEL_MEMBERS)
  @ValidateNested({ each: true })
  @Type(() => PanelMemberDto)
  members?: PanelMemberDto[];

  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PANEL_MEMBERS)
  quorum?: number;

  @ApiPropertyOptional({ enum: DECISIONS })
  @IsOptional()
  @IsIn(DECISIONS)
  decision?: DecisionRule;
}

export class ListPanelsQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;
}

export class PanelMemberViewDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ enum: SEATS }) seat: Seat;
  @ApiProperty() displayName: string;
}

export class PanelDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty() name: string;
  @ApiProperty() quorum: number;
  @ApiProperty({ enum: DECISIONS }) decision: DecisionRule;
  @ApiProperty({ type: PanelMemberViewDto, isArray: true }) members: PanelMemberViewDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
