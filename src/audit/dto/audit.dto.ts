import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';

export class ListAuditEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Required unless the caller is admin' })
  @IsOptional()
  @IsUUID()
  villageId?: string;

  @ApiPropertyOptional({ example: 'village' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'village.created' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString()
  to?: string;
}

export class VillageScopeQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A village chain; omitted: every chain (admin only)' })
  @IsOptional()
  @IsUUID()
  villageId?: string;
}

export class AuditActorDto {
  @ApiProperty({ enum: ['user', 'api_key', 'system', 'anonymous'] }) kind: string;
  @ApiProperty({ type: String, nullable: true }) id: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, isArray: true }) roles: string[];
}

export class AuditEventDto {
  @ApiProperty({ description: 'Increasing id' }) id: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: AuditActorDto }) actor: AuditActorDto;
  @ApiProperty({ example: 'village.created' }) action: string;
  @ApiProperty() entityType: string;
  @ApiProperty({ type: String, nullable: true }) entityId: string | null;
  @ApiProperty({ type: String, nullable: true }) villageId: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The entity before the change (JSON, as the API showed it); null for a creation' })
  before: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The entity after the change (JSON, as the API showed it); null for a deletion' })
  after: unknown;
  @ApiProperty({ type: String, nullable: true, description: 'Position in the village chain; null until sealed' }) seq: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'sha256 chain hash; null until sealed (within a second)' }) hash: string | null;
}

export class AuditVerifyDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'Events whose hash was recomputed' }) checked: number;
  @ApiProperty({ type: String, nullable: true }) firstBrokenId: string | null;
  @ApiProperty({ type: String, isArray: true }) problems: string[];
}

export class AuditDigestDto {
  @ApiProperty({ type: String, nullable: true, description: 'null: the chain of events outside any village' }) villageId: string | null;
  @ApiProperty({ description: 'Latest sealed position' }) seq: string;
  @ApiProperty({ description: 'Its chain hash: publish it elsewhere to detect a rewritten or truncated tail later' }) hash: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sealedAt: string | null;
}
