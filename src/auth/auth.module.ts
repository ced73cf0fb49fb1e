import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Clock } from '../common/clock';
import { UsersModule } from '../users/users.module';
import { AccessState } from './access-state';
import { AccessTokens } from './access-tokens';
import { ApiKeysService } from './api-keys.service';
import { ApiKeysController, AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { LoginLockout } from './login-lockout';

@Global()
@Module({
  imports: [UsersModule],
  controllers: [AuthController, ApiKeysController],
  providers: [AuthService, ApiKeysService, AuthRepository, LoginLockout, Clock, AccessTokens, AccessState, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [Clock, AccessState, AuthService, AuthRepository],
})
export class AuthModule {}
