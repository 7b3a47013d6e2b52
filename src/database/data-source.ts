import { DataSource } from 'typeorm';
import { loadAppConfig } from 'src/config/load-app-config';
import { resolveDataSourceOptions } from 'src/database/data-source-options';

// Used by the TypeORM CLI (`npm run migration:*`); the app builds its own from the same options.
export default resolveDataSourceOptions(loadAppConfig().database).then(
  (options) => new DataSource(options),
);
