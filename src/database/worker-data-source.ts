import { DataSource } from 'typeorm';
import type { DatabaseConfig } from 'src/config/app-config';
import { resolveDataSourceOptions } from 'src/database/data-source-options';

/** A connection of its own for a worker thread, with the app's options; it never migrates. */
export async function openWorkerDataSource(database: DatabaseConfig): Promise<DataSource> {
  const dataSource = new DataSource(
    await resolveDataSourceOptions({ ...database, isMigrationsRun: false }),
  );
  return dataSource.initialize();
}
