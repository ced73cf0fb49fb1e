import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { RoleGrantDto, RoleGrantViewDto } from '../../users/dto/user.dto';

export class CreateApiKeyDto {
  @ApiProperty({ example: '村务公开屏', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ type: RoleGrantDto, isArray: true, minItems: 1, description: 'Roles the caller may grant; a key minting a key: only roles it holds itself' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RoleGrantDto)
  roles: RoleGrantDto[];

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the key stops working (in the future). A key minted by a key expires no later than that key.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'First characters of the key' }) prefix: string;
  @ApiProperty({ type: RoleGrantViewDto, isArray: true }) roles: RoleGrantViewDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: no expiry' }) expiresAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The key itself: shown this once, send it as X-Api-Key' }) key: string;
}
