import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HouseholdStanding } from '../../reports/dto/reports.dto';
import { RoleGrantViewDto, UserDto } from '../../users/dto/user.dto';

export class MeDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ type: RoleGrantViewDto, isArray: true }) roles: RoleGrantViewDto[];
  @ApiPropertyOptional({ type: HouseholdStanding, description: 'For a resident grant: the own household (the first, for a login holding several)' })
  household?: HouseholdStanding;
  @ApiProperty({ description: 'true: the login was handed out with a one-time password; every route but POST /v1/auth/password (and this one) answers 403 password_change_required until it is changed' })
  passwordChangeRequired: boolean;
}
