import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Clock } from '../common/clock';
import { UsersModule } from '../users/users.module';
import { ApiKeysService } from './api-keys.service';
import { ApiKeysController, AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';

@Global()
@Module({
  imports: [UsersModule],
  controllers: [AuthController, ApiKeysController],
  providers: [AuthService, ApiKeysService, Clock, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [Clock],
})
export class AuthModule {}
