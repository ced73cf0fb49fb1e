import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PasswordField } from '../../core/identity/password-policy';
import { PageQueryDto } from '../../core/http/pagination';
import { ROLES, Role } from '../../core/identity/roles';

export class RoleGrantDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as unknown as string[])
  role: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for every role but admin and the township roles' })
  @IsOptional()
  @IsUUID()
  villageId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'For township_admin and township_officer (required): the township' })
  @IsOptional()
  @IsUUID()
  townshipId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'For resident: the household the user belongs to' })
  @IsOptional()
  @IsUUID()
  householdId?: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'li.clerk', description: '3-64 letters, digits, ".", "_" or "-"; case-insensitive' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, { message: 'username must be 3-64 letters, digits, ".", "_" or "-"' })
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  username: string;

  @PasswordField()
  password: string;

  @ApiProperty({ example: '李会计', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ type: RoleGrantDto, isArray: true, minItems: 1, description: 'At least one role' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RoleGrantDto)
  roles: RoleGrantDto[];
}

export class UpdateUserDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ enum: ['active', 'disabled'], description: 'disabled: no login, no refresh; sessions end' })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  @PasswordField({ required: false, description: 'A new password (ends every session of the user): at least 10 characters, not a common one. Set for another user, it is a reset: they must choose their own (POST /v1/auth/password) before anything but GET /v1/me works (403 password_change_required)' })
  password?: string;

  @ApiPropertyOptional({
    type: RoleGrantDto,
    isArray: true,
    minItems: 1,
    description: 'The whole new set of roles (replaces the old one); the caller must be able to grant every role of both',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RoleGrantDto)
  roles?: RoleGrantDto[];
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Users holding a role in this village' })
  @IsOptional()
  @IsUUID()
  villageId?: string;
}

export class RoleGrantViewDto {
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) villageId: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) householdId?: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'For the township roles' }) townshipId?: string | null;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['active', 'disabled'] }) status: 'active' | 'disabled';
  @ApiProperty({ type: RoleGrantViewDto, isArray: true }) roles: RoleGrantViewDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
