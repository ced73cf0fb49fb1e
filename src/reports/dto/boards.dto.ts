import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PERIOD_PATTERN } from './reports.dto';

export class BoardsQueryDto {
  @ApiPropertyOptional({ example: '2026-11', pattern: PERIOD_PATTERN, description: 'Year, quarter or month; the current month when left out' })
  @IsOptional()
  @IsString()
  @MaxLength(7)
  period?: string;
}

export class TopEarnerDto {
  @ApiProperty() rank: number;
  @ApiProperty() householdCode: string;
  @ApiProperty({ type: String, nullable: true, example: '张*明' }) headName: string | null;
  @ApiProperty() points: number;
}

export class DeductionDto {
  @ApiProperty({ type: String, nullable: true, description: 'null when the village withholds names' }) householdCode: string | null;
  @ApiProperty({ type: String, nullable: true }) headName: string | null;
  @ApiProperty() rule: string;
  @ApiProperty() category: string;
  @ApiProperty() points: number;
  @ApiProperty({ example: '2026-11-03' }) date: string;
}

export class BoardsDto {
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty() villageName: string;
  @ApiProperty() period: string;
  @ApiProperty({ type: TopEarnerDto, isArray: true }) topEarners: TopEarnerDto[];
  @ApiProperty({ type: DeductionDto, isArray: true }) deductions: DeductionDto[];
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
}
