import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessChanges } from '../core/identity/access-changes';
import { Clock } from '../core/time/clock';
import { UsersModule } from '../users/users.module';
import { AccessState } from './access-state';
import { AccessTokens } from './access-tokens';
import { ApiKeysService } from './api-keys.service';
import { ApiKeysController, AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';

@Global()
@Module({
  imports: [UsersModule],
  controllers: [AuthController, ApiKeysController],
  providers: [
    AuthService,
    ApiKeysService,
    Clock,
    AccessTokens,
    AccessState,
    { provide: AccessChanges, useExisting: AccessState },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [Clock, AccessChanges, AuthService],
})
export class AuthModule {}
