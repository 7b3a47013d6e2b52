import { config as loadDotenv } from 'dotenv';
import { AppConfig } from 'src/config/app-config';

/** For entry points outside Nest (the TypeORM CLI): reads `.env`, then the environment. */
export function loadAppConfig(): AppConfig {
  loadDotenv({ quiet: true });
  return AppConfig.fromEnv(process.env);
}
