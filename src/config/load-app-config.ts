import { config as loadDotenv } from 'dotenv';
import { AppConfig } from 'src/config/app-config';

/**
 * Reads `.env` (variables already set win), then validates the environment once.
 * Throws `ConfigValidationError` naming every bad variable.
 */
export function loadAppConfig(): AppConfig {
  loadDotenv({ quiet: true });
  return AppConfig.fromEnv(process.env);
}
