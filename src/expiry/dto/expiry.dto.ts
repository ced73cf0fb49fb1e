import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class CreateExpiryRunDto {
  @ApiPropertyOptional({ example: 2026, description: 'Default: the year of the latest reset date that has passed' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class ExpiryRunDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty() year: number;
  @ApiProperty({ example: '2026-01-01' }) resetDate: string;
  @ApiProperty({ description: 'Households whose points expired' }) households: number;
  @ApiProperty({ description: 'Points expired in all' }) points: number;
  @ApiProperty() runBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
