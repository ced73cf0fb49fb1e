import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';

export const MAX_RESIDENT_LOGINS = 2_000;
export const SKIP_REASONS = ['no_head', 'has_login', 'no_phone', 'username_taken', 'not_found'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export class CreateResidentLoginsDto {
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    isArray: true,
    maxItems: MAX_RESIDENT_LOGINS,
    description: 'The households to create logins for; left out: every active household of the village with a head and no resident login yet',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_RESIDENT_LOGINS)
  @IsUUID('all', { each: true })
  householdIds?: string[];

  @ApiPropertyOptional({ enum: ['code', 'phone'], description: "The username: the village and household codes (`nlq-a-012`, default) or the head's mobile number" })
  @IsOptional()
  @IsIn(['code', 'phone'])
  usernameFrom?: 'code' | 'phone';
}

export class CreatedResidentLoginDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty() householdCode: string;
  @ApiProperty({ description: "The head's name (the login's display name)" }) headName: string;
  @ApiProperty({ example: 'nlq-a-012' }) username: string;
  @ApiProperty({ description: 'Shown once, never stored in clear: hand it over on a slip. The login must change it at first use.' }) initialPassword: string;
}

export class SkippedResidentLoginDto {
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ type: String, nullable: true }) householdCode: string | null;
  @ApiProperty({ enum: SKIP_REASONS, description: 'no_head: no active head; has_login: a resident login exists; no_phone: usernameFrom=phone and the head has none; username_taken; not_found: not a household of this village' })
  reason: SkipReason;
}

export class ResidentLoginsDto {
  @ApiProperty({ type: CreatedResidentLoginDto, isArray: true }) created: CreatedResidentLoginDto[];
  @ApiProperty({ type: SkippedResidentLoginDto, isArray: true }) skipped: SkippedResidentLoginDto[];
}
