import type { ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from 'src/config/app-config';
import { AppConfigModule } from 'src/config/app-config.module';
import { resolveDataSourceOptions } from 'src/database/data-source-options';

export function createDatabaseTestingModule(
  config: AppConfig,
  imports: NonNullable<ModuleMetadata['imports']>,
): TestingModuleBuilder {
  return Test.createTestingModule({
    imports: [
      AppConfigModule.forRoot(config),
      TypeOrmModule.forRootAsync({ useFactory: () => resolveDataSourceOptions(config.database) }),
      ...imports,
    ],
  });
}
