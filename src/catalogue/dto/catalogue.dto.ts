import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, IsUrl, Matches, Max, MaxLength, Min, NotEquals, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import { NoControlCharacters } from '../../core/http/validators';
import { MANUAL_STOCK_REASONS, STOCK_REASONS, StockReason } from '../stock-movement.entity';

export const MAX_PRICE = 1_000_000;
export const MAX_QUANTITY = 100_000;

export class CreateCatalogueItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiProperty({ example: 'RICE-5KG', maxLength: 64 })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'sku must be 1-64 letters, digits, ".", "_" or "-"' })
  sku: string;

  @ApiProperty({ example: '大米 5kg', maxLength: 100 })
  @IsString()
  @NoControlCharacters()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: '粮油', maxLength: 50 })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(50)
  category?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @NoControlCharacters({ multiline: true })
  @MaxLength(1000)
  description?: string;

  @ApiProperty({ minimum: 1, maximum: MAX_PRICE, example: 50 })
  @IsInt()
  @Min(1)
  @Max(MAX_PRICE)
  pointsPrice: number;

  @ApiPropertyOptional({ example: 'https://example.org/rice.jpg', description: 'http or https only' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'imageUrl must be an http or https URL' })
  @MaxLength(1000)
  imageUrl?: string;

  @ApiPropertyOptional({ description: 'On sale; true when a new item leaves it out' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_QUANTITY, description: 'Units one household may redeem per calendar month' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  limitPerHouseholdPerMonth?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_QUANTITY, description: 'Reported as low stock at or below this' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  lowStockThreshold?: number;
}

export class UpdateCatalogueItemDto extends PartialType(
  PickType(CreateCatalogueItemDto, ['name', 'category', 'description', 'pointsPrice', 'imageUrl', 'active', 'limitPerHouseholdPerMonth', 'lowStockThreshold'] as const),
) {}

export class ListCatalogueItemsQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only the items on sale (true) or off sale (false)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';

  @ApiPropertyOptional({ example: '大米', maxLength: 50, description: 'A fragment of the name or SKU (case-insensitive; 2 characters or more are served by the search index)' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @IsNotEmpty()
  @MaxLength(50)
  q?: string;

  @ApiPropertyOptional({ example: '粮油', maxLength: 50, description: 'Only this category (exact)' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  category?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only items with stock on hand; false: only those without' })
  @IsOptional()
  @IsIn(['true', 'false'])
  inStock?: 'true' | 'false';
}

export class CreateStockMovementDto {
  @ApiProperty({ description: 'Units: positive for donation and purchase; signed for adjustment; write_off removes |quantity|', example: 20 })
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_QUANTITY)
  @Max(MAX_QUANTITY)
  quantity: number;

  @ApiProperty({ enum: MANUAL_STOCK_REASONS })
  @IsIn(MANUAL_STOCK_REASONS as unknown as string[])
  reason: (typeof MANUAL_STOCK_REASONS)[number];

  @ApiPropertyOptional({ example: '某某农业公司', description: 'Required for donation (万企兴万村 reporting)' })
  @ValidateIf((o: CreateStockMovementDto) => o.reason === 'donation' || o.donor !== undefined)
  @IsString()
  @NoControlCharacters()
  @IsNotEmpty()
  @MaxLength(100)
  donor?: string;

  @ApiPropertyOptional({ description: 'Required for adjustment and write_off', maxLength: 500 })
  @ValidateIf((o: CreateStockMovementDto) => o.reason === 'adjustment' || o.reason === 'write_off' || o.note !== undefined)
  @IsString()
  @NoControlCharacters({ multiline: true })
  @IsNotEmpty()
  @MaxLength(500)
  note?: string;
}

export class CatalogueItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty() sku: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() pointsPrice: number;
  @ApiProperty({ type: String, nullable: true }) imageUrl: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: Number, nullable: true }) limitPerHouseholdPerMonth: number | null;
  @ApiProperty({ type: Number, nullable: true }) lowStockThreshold: number | null;
  @ApiProperty({ description: 'Sum of the stock movements' }) stockOnHand: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class StockMovementDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() quantity: number;
  @ApiProperty({ enum: STOCK_REASONS }) reason: StockReason;
  @ApiProperty({ type: String, nullable: true }) donor: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) redemptionId: string | null;
  @ApiProperty() stockAfter: number;
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class StockMovementsQueryDto extends PageQueryDto {}
