import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from 'src/config/app-config';
import { validateEnv } from 'src/config/env.validation';

@Global()
@Module({
  imports: [
    // Loads `.env` into the environment and refuses to boot on a bad value.
    ConfigModule.forRoot({ validate: validateEnv, cache: true }),
  ],
  providers: [{ provide: AppConfig, useFactory: (): AppConfig => AppConfig.fromEnv(process.env) }],
  exports: [AppConfig],
})
export class AppConfigModule {}
