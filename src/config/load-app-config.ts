import { config as loadDotenv } from 'dotenv';
import { AppConfig } from 'src/config/app-config';

// Variables already set win over `.env`.
export function loadAppConfig(): AppConfig {
  loadDotenv({ quiet: true });
  return AppConfig.fromEnv(process.env);
}
