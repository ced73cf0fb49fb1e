import { ApiProperty } from '@nestjs/swagger';
import { HOUSEHOLD_STATUSES, HouseholdStatus } from '../entities/household.entity';

export class ContactHouseholdDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty() code: string;
  @ApiProperty({ type: String, nullable: true, description: '村民小组' }) group: string | null;
  @ApiProperty({ enum: HOUSEHOLD_STATUSES }) status: HouseholdStatus;
  @ApiProperty({ description: 'Current points balance' }) balance: number;
  @ApiProperty({ example: '2026-11', description: "This month in the village's calendar" }) month: string;
  @ApiProperty({ description: 'Points earned this month (awards, less penalties)' }) monthPoints: number;
}
