import { AgentName } from 'src/core/routing-outcome';
import { type EnvironmentVariables, validateEnv } from 'src/config/env.validation';

export interface MysqlDatabaseConfig {
  kind: 'mysql';
  url: string | null;
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
  poolSize: number;
  isMigrationsRun: boolean;
}

export interface SqliteDatabaseConfig {
  kind: 'sqlite';
  path: string;
  isMigrationsRun: boolean;
}

export type DatabaseConfig = MysqlDatabaseConfig | SqliteDatabaseConfig;

export class AppConfig {
  readonly isProduction: boolean;
  readonly http: {
    port: number;
    host: string;
    bodyLimitBytes: number;
    // Routes allowed a different limit, by route path (Meta's deliveries may reach 3 MB).
    routeBodyLimits: Record<string, number>;
  };
  readonly database: DatabaseConfig;
  readonly redisUrl: string | null;
  readonly pipeline: {
    maxAttempts: number;
    retryBaseMs: number;
    retryMaxMs: number;
    concurrency: number;
    leaseMs: number;
    recoveryIntervalMs: number;
    shutdownTimeoutMs: number;
    storeTimeoutMs: number;
  };
  readonly openai: {
    apiKey: string | null;
    baseUrl: string | null;
    model: string;
    timeoutMs: number;
    maxRetries: number;
  };
  readonly triage: {
    // The corpus retraining starts from (train/ and test/ folders of JSONL); null: the shipped one.
    corpusDir: string | null;
  };
  readonly agents: {
    urls: Record<AgentName, string>;
    timeoutMs: number;
    maxAttempts: number;
    // How long a failing agent's circuit breaker stays open before one call may try it again.
    circuitOpenMs: number;
    // Messages a second handed out again, once the agents' breakers let calls through, of those
    // that waited for them.
    releasePerSecond: number;
    rulesFile: string | null;
  };
  readonly outbound: { timeoutMs: number; maxAttempts: number; maxBackoffMs: number };
  readonly security: {
    adminApiToken: string | null;
    isUnsignedWebhooksAllowed: boolean;
    izerWebhookToken: string | null;
  };
  readonly whatsapp: {
    verifyToken: string | null;
    appSecret: string | null;
    accessToken: string | null;
    phoneNumberId: string | null;
    apiBaseUrl: string;
  };
  readonly userlike: {
    webhookHeader: string;
    webhookToken: string | null;
    apiUrl: string | null;
    apiToken: string | null;
    forwardGroup: string | null;
    welcomeMessage: string;
    answerTimeoutMs: number;
  };
  readonly kindly: {
    webhookSecret: string | null;
    apiKey: string | null;
    apiOrigins: string[];
    answerTimeoutMs: number;
  };
  readonly kore: {
    webhookToken: string | null;
    clientId: string | null;
    clientSecret: string | null;
    botId: string | null;
    apiHost: string;
  };
  readonly stats: {
    // How long a computed answer is reused; 0: computed for every call (still one at a time).
    cacheMs: number;
    // Calls per minute per client address.
    rateLimitPerMinute: number;
  };
  readonly logLevel: string;
  // 0..1: the share of successful requests logged at info.
  readonly logRequestSample: number;

  constructor(env: EnvironmentVariables) {
    this.isProduction = env.NODE_ENV === 'production';
    this.http = {
      port: env.PORT,
      host: env.HOST,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      routeBodyLimits: { '/webhooks/whatsapp': env.WHATSAPP_BODY_LIMIT_BYTES },
    };
    this.database = AppConfig.databaseFrom(env);
    this.redisUrl = env.REDIS_URL ?? null;
    this.pipeline = {
      maxAttempts: env.MAX_ATTEMPTS,
      retryBaseMs: env.RETRY_BASE_MS,
      retryMaxMs: env.RETRY_MAX_MS,
      concurrency: env.PROCESSING_CONCURRENCY,
      leaseMs: env.PROCESSING_LEASE_MS,
      recoveryIntervalMs: env.RECOVERY_INTERVAL_MS,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      storeTimeoutMs: env.STORE_TIMEOUT_MS,
    };
    this.openai = {
      apiKey: env.OPENAI_API_KEY ?? null,
      baseUrl: env.OPENAI_BASE_URL ?? null,
      model: env.OPENAI_MODEL,
      timeoutMs: env.OPENAI_TIMEOUT_MS,
      maxRetries: env.OPENAI_MAX_RETRIES,
    };
    this.triage = { corpusDir: env.TRIAGE_CORPUS_DIR ?? null };
    this.agents = {
      urls: {
        [AgentName.GeneralPurpose]: env.AGENT_GENERAL_PURPOSE_URL,
        [AgentName.BusinessWorkflow]: env.AGENT_BUSINESS_WORKFLOW_URL,
        [AgentName.CodeDebugger]: env.AGENT_CODE_DEBUGGER_URL,
        [AgentName.AgentHub]: env.AGENT_HUB_URL,
      },
      timeoutMs: env.AGENT_TIMEOUT_MS,
      maxAttempts: env.AGENT_MAX_ATTEMPTS,
      circuitOpenMs: env.AGENT_CIRCUIT_OPEN_MS,
      releasePerSecond: env.AGENT_RELEASE_RATE,
      rulesFile: env.ROUTING_RULES_FILE ?? null,
    };
    this.outbound = {
      timeoutMs: env.OUTBOUND_TIMEOUT_MS,
      maxAttempts: env.OUTBOUND_MAX_ATTEMPTS,
      maxBackoffMs: env.OUTBOUND_MAX_BACKOFF_MS,
    };
    this.security = {
      adminApiToken: env.ADMIN_API_TOKEN ?? null,
      isUnsignedWebhooksAllowed: env.ALLOW_UNSIGNED_WEBHOOKS ?? !this.isProduction,
      izerWebhookToken: env.IZER_WEBHOOK_TOKEN ?? null,
    };
    this.whatsapp = {
      verifyToken: env.WHATSAPP_VERIFY_TOKEN ?? null,
      appSecret: env.WHATSAPP_APP_SECRET ?? null,
      accessToken: env.WHATSAPP_ACCESS_TOKEN ?? null,
      phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID ?? null,
      apiBaseUrl: env.WHATSAPP_API_BASE_URL,
    };
    this.userlike = {
      webhookHeader: env.USERLIKE_WEBHOOK_HEADER,
      webhookToken: env.USERLIKE_WEBHOOK_TOKEN ?? null,
      apiUrl: env.USERLIKE_API_URL ?? null,
      apiToken: env.USERLIKE_API_TOKEN ?? null,
      forwardGroup: env.USERLIKE_FORWARD_GROUP ?? null,
      welcomeMessage: env.USERLIKE_WELCOME_MESSAGE,
      answerTimeoutMs: env.USERLIKE_ANSWER_TIMEOUT_MS,
    };
    this.kindly = {
      webhookSecret: env.KINDLY_WEBHOOK_SECRET ?? null,
      apiKey: env.KINDLY_API_KEY ?? null,
      apiOrigins: env.KINDLY_API_ORIGINS.split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin.length > 0),
      answerTimeoutMs: env.KINDLY_ANSWER_TIMEOUT_MS,
    };
    this.kore = {
      webhookToken: env.KORE_WEBHOOK_TOKEN ?? null,
      clientId: env.KORE_CLIENT_ID ?? null,
      clientSecret: env.KORE_CLIENT_SECRET ?? null,
      botId: env.KORE_BOT_ID ?? null,
      apiHost: env.KORE_API_HOST,
    };
    this.stats = { cacheMs: env.STATS_CACHE_MS, rateLimitPerMinute: env.STATS_RATE_LIMIT };
    this.logLevel = env.LOG_LEVEL;
    this.logRequestSample = env.LOG_REQUEST_SAMPLE;
  }

  static fromEnv(raw: Record<string, unknown>): AppConfig {
    return new AppConfig(validateEnv(raw));
  }

  private static databaseFrom(env: EnvironmentVariables): DatabaseConfig {
    if (env.DATABASE_URL) {
      const url = new URL(env.DATABASE_URL);
      return {
        kind: 'mysql',
        url: env.DATABASE_URL,
        host: url.hostname,
        port: url.port ? Number(url.port) : 3306,
        username: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database: decodeURIComponent(url.pathname.replace(/^\//, '')),
        poolSize: env.DB_POOL_SIZE,
        isMigrationsRun: env.MIGRATIONS_RUN ?? false,
      };
    }
    if (env.DB_HOST || env.DB_NAME) {
      return {
        kind: 'mysql',
        url: null,
        host: env.DB_HOST ?? 'localhost',
        port: env.DB_PORT,
        username: env.DB_USER ?? 'root',
        password: env.DB_PASSWORD ?? '',
        database: env.DB_NAME ?? 'izer_webhook_system',
        poolSize: env.DB_POOL_SIZE,
        isMigrationsRun: env.MIGRATIONS_RUN ?? false,
      };
    }
    return { kind: 'sqlite', path: env.SQLITE_PATH, isMigrationsRun: env.MIGRATIONS_RUN ?? true };
  }
}
