import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') {
    return value;
  }
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalized)) {
    return true;
  }
  if (['false', '0', 'no', 'off'].includes(normalized)) {
    return false;
  }
  return value;
};

const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : value;

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

// Unknown variables are ignored.
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV?: string;

  @Transform(toInteger) @IsInt() @Min(0) @Max(65535) PORT = 8100;
  @IsString() HOST = '0.0.0.0';
  @Transform(toInteger) @IsInt() @Min(1024) BODY_LIMIT_BYTES = 1024 * 1024;
  @Transform(toInteger) @IsInt() @Min(1024) WHATSAPP_BODY_LIMIT_BYTES = 3 * 1024 * 1024;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['mysql', 'mariadb'] })
  DATABASE_URL?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() DB_HOST?: string;
  @Transform(toInteger) @IsInt() @Min(1) @Max(65535) DB_PORT = 3306;
  @Transform(emptyToUndefined) @IsOptional() @IsString() DB_USER?: string;
  @IsOptional() @IsString() DB_PASSWORD?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() DB_NAME?: string;
  @Transform(toInteger) @IsInt() @Min(1) @Max(1000) DB_POOL_SIZE = 10;
  @IsString() @MinLength(1) SQLITE_PATH = './data/gateway.sqlite';
  @Transform(emptyToUndefined)
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  MIGRATIONS_RUN?: boolean;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['redis', 'rediss'] })
  REDIS_URL?: string;

  // The durable pipeline (see README, Operations).
  @Transform(toInteger) @IsInt() @Min(1) @Max(50) MAX_ATTEMPTS = 5;
  @Transform(toInteger) @IsInt() @Min(10) @Max(600000) RETRY_BASE_MS = 2000;
  @Transform(toInteger) @IsInt() @Min(10) @Max(86400000) RETRY_MAX_MS = 300000;
  @Transform(toInteger) @IsInt() @Min(1) @Max(10000) PROCESSING_CONCURRENCY = 64;
  @Transform(toInteger) @IsInt() @Min(1000) @Max(3600000) PROCESSING_LEASE_MS = 30000;
  @Transform(toInteger) @IsInt() @Min(100) @Max(3600000) RECOVERY_INTERVAL_MS = 10000;
  @Transform(toInteger) @IsInt() @Min(0) @Max(600000) SHUTDOWN_TIMEOUT_MS = 10000;
  @Transform(toInteger) @IsInt() @Min(100) @Max(120000) STORE_TIMEOUT_MS = 5000;

  @Transform(emptyToUndefined) @IsOptional() @IsString() OPENAI_API_KEY?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsUrl(URL_OPTIONS) OPENAI_BASE_URL?: string;
  @IsString() @MinLength(1) OPENAI_MODEL = 'gpt-4o-mini';
  @Transform(toInteger) @IsInt() @Min(100) @Max(120000) OPENAI_TIMEOUT_MS = 8000;
  @Transform(toInteger) @IsInt() @Min(0) @Max(5) OPENAI_MAX_RETRIES = 2;
  @Transform(emptyToUndefined) @IsOptional() @IsString() TRIAGE_CORPUS_DIR?: string;

  @IsUrl(URL_OPTIONS) AGENT_GENERAL_PURPOSE_URL = 'http://localhost:8095';
  @IsUrl(URL_OPTIONS) AGENT_BUSINESS_WORKFLOW_URL = 'http://localhost:8093';
  @IsUrl(URL_OPTIONS) AGENT_CODE_DEBUGGER_URL = 'http://localhost:8094';
  @IsUrl(URL_OPTIONS) AGENT_HUB_URL = 'http://localhost:8092';
  @Transform(toInteger) @IsInt() @Min(100) @Max(120000) AGENT_TIMEOUT_MS = 5000;
  @Transform(toInteger) @IsInt() @Min(1) @Max(5) AGENT_MAX_ATTEMPTS = 2;
  @Transform(toInteger) @IsInt() @Min(100) @Max(3600000) AGENT_CIRCUIT_OPEN_MS = 30000;
  @Transform(toInteger) @IsInt() @Min(1) @Max(10000) AGENT_RELEASE_RATE = 50;
  @Transform(emptyToUndefined) @IsOptional() @IsString() ROUTING_RULES_FILE?: string;

  @Transform(toInteger) @IsInt() @Min(100) @Max(120000) OUTBOUND_TIMEOUT_MS = 10000;
  @Transform(toInteger) @IsInt() @Min(1) @Max(10) OUTBOUND_MAX_ATTEMPTS = 5;
  @Transform(toInteger) @IsInt() @Min(0) @Max(600000) OUTBOUND_MAX_BACKOFF_MS = 30000;

  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(16) ADMIN_API_TOKEN?: string;
  @Transform(emptyToUndefined)
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  ALLOW_UNSIGNED_WEBHOOKS?: boolean;
  @Transform(emptyToUndefined) @IsOptional() @IsString() IZER_WEBHOOK_TOKEN?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString() WHATSAPP_VERIFY_TOKEN?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() WHATSAPP_APP_SECRET?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() WHATSAPP_ACCESS_TOKEN?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() WHATSAPP_PHONE_NUMBER_ID?: string;
  @IsUrl(URL_OPTIONS) WHATSAPP_API_BASE_URL = 'https://graph.facebook.com/v21.0';

  @IsString() @MinLength(1) USERLIKE_WEBHOOK_HEADER = 'API-SECURITY-TOKEN';
  @Transform(emptyToUndefined) @IsOptional() @IsString() USERLIKE_WEBHOOK_TOKEN?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsUrl(URL_OPTIONS) USERLIKE_API_URL?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() USERLIKE_API_TOKEN?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() USERLIKE_FORWARD_GROUP?: string;
  @IsString() @MinLength(1) USERLIKE_WELCOME_MESSAGE = 'Hi! How can we help you today?';
  @Transform(toInteger) @IsInt() @Min(0) @Max(60000) USERLIKE_ANSWER_TIMEOUT_MS = 4000;

  @Transform(emptyToUndefined) @IsOptional() @IsString() KINDLY_WEBHOOK_SECRET?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() KINDLY_API_KEY?: string;
  @IsString() KINDLY_API_ORIGINS = 'https://bot.kindly.ai';
  @Transform(toInteger) @IsInt() @Min(0) @Max(60000) KINDLY_ANSWER_TIMEOUT_MS = 8000;

  @Transform(emptyToUndefined) @IsOptional() @IsString() KORE_WEBHOOK_TOKEN?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() KORE_CLIENT_ID?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() KORE_CLIENT_SECRET?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() KORE_BOT_ID?: string;
  @IsUrl(URL_OPTIONS) KORE_API_HOST = 'https://bots.kore.ai';

  // The public read routes (`/stats`, `/stats/timeseries`).
  @Transform(toInteger) @IsInt() @Min(0) @Max(600000) STATS_CACHE_MS = 5000;
  @Transform(toInteger) @IsInt() @Min(1) @Max(100000) STATS_RATE_LIMIT = 60;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  // The share of successful requests given an info line; 4xx and 5xx are always logged.
  @Transform(toNumber) @IsNumber() @Min(0) @Max(1) LOG_REQUEST_SAMPLE = 1;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(
      `Invalid environment variables: ${problems.map((p) => p.variable).join(', ')}\n` +
        problems.map((p) => `  ${p.variable}: ${p.reason}`).join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined) {
      input[key] = value;
    }
  }
  const env = plainToInstance(EnvironmentVariables, input, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  // Only names and rules are reported, never values: a bad variable may hold a secret.
  const problems = errors.map((error) => ({
    variable: error.property,
    reason: Object.values(error.constraints ?? {}).join('; '),
  }));
  if (problems.length > 0) {
    throw new ConfigValidationError(problems);
  }
  return env;
}
