import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDateString, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import { NoControlCharacters } from '../../core/http/validators';

export class RedemptionLineInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  itemId: string;

  @ApiProperty({ minimum: 1, maximum: 1000, example: 1 })
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity: number;
}

export class CreateRedemptionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The household; or give cardNo' })
  @ValidateIf((o: CreateRedemptionDto) => o.cardNo === undefined || o.householdId !== undefined)
  @IsUUID()
  householdId?: string;

  @ApiPropertyOptional({ description: 'The scanned points card; or give householdId' })
  @ValidateIf((o: CreateRedemptionDto) => o.householdId === undefined || o.cardNo !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  cardNo?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The member who came to the counter; must belong to the household' })
  @IsOptional()
  @IsUUID()
  residentId?: string;

  @ApiProperty({ type: RedemptionLineInputDto, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RedemptionLineInputDto)
  lines: RedemptionLineInputDto[];
}

export class CancelRedemptionDto {
  @ApiProperty({ example: '扫错了户', maxLength: 500 })
  @IsString()
  @NoControlCharacters()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class ListRedemptionsQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString()
  to?: string;
}

export class RedemptionLineDto {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ description: "The item's name (as it is now in the catalogue)", example: '大米 5kg' }) name: string;
  @ApiProperty() quantity: number;
  @ApiProperty({ description: 'Price per unit at the time of the sale' }) unitPoints: number;
}

/** The receipt as lines of at most `width` columns (a CJK character takes two), for a front end that prints itself. */
export class ReceiptDto {
  @ApiProperty({ type: [String], description: 'Printable lines, control characters removed' }) lines: string[];
  @ApiProperty({ enum: [32], example: 32 }) width: number;
}

export class RedemptionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['completed', 'cancelled'] }) status: 'completed' | 'cancelled';
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) residentId: string | null;
  @ApiProperty() totalPoints: number;
  @ApiProperty({ description: "The household's balance right after the sale" }) balanceAfter: number;
  @ApiProperty({ format: 'uuid' }) transactionId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The refund of a cancelled sale' }) refundTransactionId: string | null;
  @ApiProperty({ type: Number, nullable: true, description: "A cancelled sale: the household's balance right after the refund (balanceAfter stays the balance right after the sale)" })
  balanceAfterRefund: number | null;
  @ApiProperty({ type: RedemptionLineDto, isArray: true }) lines: RedemptionLineDto[];
  @ApiProperty() clerk: string;
  @ApiProperty({ type: String, nullable: true }) cancelReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
