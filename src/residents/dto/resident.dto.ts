import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import { GENDERS, Gender, RESIDENT_STATUSES, ResidentStatus } from '../entities/resident.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Names, ID numbers and phones are checked by the service (one rule set with the CSV import). */
export class CreateResidentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  householdId: string;

  @ApiProperty({ example: '张小明', maxLength: 50 })
  @IsString()
  name: string;

  @ApiPropertyOptional({ example: '11010519491231002X', description: 'Mainland resident ID number, 18 characters (GB 11643 checksum)' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  idNumber?: string;

  @ApiPropertyOptional({ example: '13812345678', description: 'Mainland mobile number' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string;

  @ApiPropertyOptional({ enum: GENDERS, description: 'Defaults to what the ID number says' })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender;

  @ApiPropertyOptional({ example: '1949-12-31', description: 'Must agree with the ID number; defaults to it' })
  @IsOptional()
  @Matches(DATE, { message: 'birthDate must be YYYY-MM-DD' })
  birthDate?: string;

  @ApiPropertyOptional({ description: 'Head of the household (户主); at most one per household (false when left out)' })
  @IsOptional()
  @IsBoolean()
  isHead?: boolean;

  @ApiPropertyOptional({ example: '配偶', maxLength: 20, description: 'Relation to the head' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(20)
  relation?: string;
}

export class UpdateResidentDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Move to another household of the same village (history kept)' })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @ApiPropertyOptional({ maxLength: 50 })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(32)
  idNumber?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(32)
  phone?: string | null;

  @ApiPropertyOptional({ enum: GENDERS, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsIn(GENDERS)
  gender?: Gender | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(DATE, { message: 'birthDate must be YYYY-MM-DD' })
  birthDate?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isHead?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 20 })
  @IsOptional()
  @Transform(trim)
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(20)
  relation?: string | null;

  @ApiPropertyOptional({ enum: RESIDENT_STATUSES })
  @IsOptional()
  @IsIn(RESIDENT_STATUSES)
  status?: ResidentStatus;
}

export class ListResidentsQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @ApiPropertyOptional({ description: 'Name fragment, household code, a full ID number or phone' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  q?: string;

  @ApiPropertyOptional({ enum: RESIDENT_STATUSES })
  @IsOptional()
  @IsIn(RESIDENT_STATUSES)
  status?: ResidentStatus;
}

export class ImportQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;

  @ApiPropertyOptional({ default: false, description: 'Import the good lines and report the bad ones (default: all or nothing)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsBoolean()
  partial?: boolean;
}

export class ExportQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  villageId: string;
}

export class ResidentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, example: '110105**********2X', description: 'Masked except for admin and village_admin' })
  idNumber: string | null;
  @ApiProperty({ type: String, nullable: true, example: '138****5678', description: 'Masked except for admin and village_admin' })
  phone: string | null;
  @ApiProperty({ enum: GENDERS, nullable: true, description: 'Null except for admin and village_admin (with the masked ID number it would narrow the number down)' })
  gender: Gender | null;
  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'Null except for admin and village_admin; see birthYear' })
  birthDate: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 1985, description: 'Year of birth, shown to every reader' })
  birthYear: number | null;
  @ApiProperty() isHead: boolean;
  @ApiProperty({ type: String, nullable: true }) relation: string | null;
  @ApiProperty({ enum: RESIDENT_STATUSES }) status: ResidentStatus;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ImportErrorDto {
  @ApiProperty({ description: 'Line of the file (1 = header)' }) line: number;
  @ApiProperty({ description: 'Column as named in the file' }) field: string;
  @ApiProperty() message: string;
}

export class ImportResultDto {
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty({ description: 'Lines that changed nothing (already as in the file)' }) unchanged: number;
  @ApiProperty({ description: 'Households created on first sight' }) householdsCreated: number;
  @ApiProperty({ type: ImportErrorDto, isArray: true, description: 'Bad lines (the first 10,000)' }) errors: ImportErrorDto[];
  @ApiProperty({ description: 'Number of errors, all of them' }) errorCount: number;
  @ApiProperty({ description: 'Encoding detected: utf-8 or gbk' }) encoding: string;
}


export class DuplicatesQueryDto extends PageQueryDto {}

export class DuplicateResidentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: RESIDENT_STATUSES }) status: ResidentStatus;
}

export class DuplicateIdNumberDto {
  @ApiProperty({ example: '11010519491231002X', description: 'In clear: the report is for admin only' }) idNumber: string;
  @ApiProperty({ description: 'Villages that registered it', example: 2 }) villages: number;
  @ApiProperty({ type: DuplicateResidentDto, isArray: true, description: 'Every resident holding it, by village' }) residents: DuplicateResidentDto[];
}
