import { ApiProperty } from '@nestjs/swagger';

export class TownshipVillageRowDto {
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty() villageCode: string;
  @ApiProperty() villageName: string;
  @ApiProperty({ description: 'Active households' }) households: number;
  @ApiProperty({ description: 'Active households awarded points in the period' }) participatingHouseholds: number;
  @ApiProperty({ format: 'double', minimum: 0, maximum: 1, description: 'participatingHouseholds / households, 4 decimals (0 without households)' }) participation: number;
  @ApiProperty({ description: 'Points awarded' }) issued: number;
  @ApiProperty({ description: 'Points deducted (penalties), as a positive number' }) deducted: number;
  @ApiProperty({ description: 'Points spent in the shop, net of nothing (refunds not subtracted), positive' }) redeemed: number;
  @ApiProperty({ description: 'Household balances at the end of the period' }) outstanding: number;
  @ApiProperty({ description: 'Scoring rounds posted in the period' }) roundsPosted: number;
  @ApiProperty({ description: 'Objections filed in the period' }) objectionsRaised: number;
  @ApiProperty({ description: 'Of those, upheld' }) objectionsUpheld: number;
  @ApiProperty({ description: 'Active goods at or under their low-stock threshold now' }) lowStockGoods: number;
}

export class TownshipVillagesSummaryDto {
  @ApiProperty({ format: 'uuid' }) townshipId: string;
  @ApiProperty() townshipName: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: TownshipVillageRowDto, isArray: true, description: 'Every village of the township, by code' }) villages: TownshipVillageRowDto[];
}
