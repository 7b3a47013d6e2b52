import { AppConfig } from 'src/config/app-config';
import { ConfigValidationError, validateEnv } from 'src/config/env.validation';

describe(AppConfig.name, () => {
  it('should use the documented defaults and the embedded SQLite database when nothing is set', () => {
    const sut = AppConfig.fromEnv({});

    expect(sut.http).toEqual({
      port: 8100,
      host: '0.0.0.0',
      bodyLimitBytes: 1048576,
      routeBodyLimits: { '/webhooks/whatsapp': 3145728 },
    });
    expect(sut.database).toEqual({
      kind: 'sqlite',
      path: './data/gateway.sqlite',
      isMigrationsRun: true,
    });
    expect(sut.openai).toEqual({
      apiKey: null,
      baseUrl: null,
      model: 'gpt-4o-mini',
      timeoutMs: 8000,
      maxRetries: 2,
    });
    expect(sut.agents.urls).toEqual({
      general_purpose: 'http://localhost:8095',
      business_workflow: 'http://localhost:8093',
      code_debugger: 'http://localhost:8094',
      agent_hub: 'http://localhost:8092',
    });
    expect(sut.agents.timeoutMs).toBe(5000);
    expect(sut.security.isUnsignedWebhooksAllowed).toBe(true);
  });

  it('should select MySQL from DATABASE_URL without running migrations at boot', () => {
    const sut = AppConfig.fromEnv({ DATABASE_URL: 'mysql://gw:p%40ss@db.internal:3307/gateway' });

    expect(sut.database).toEqual({
      kind: 'mysql',
      url: 'mysql://gw:p%40ss@db.internal:3307/gateway',
      host: 'db.internal',
      port: 3307,
      username: 'gw',
      password: 'p@ss',
      database: 'gateway',
      poolSize: 10,
      isMigrationsRun: false,
    });
  });

  it("should select MySQL from seed 004's DB_* variables", () => {
    const sut = AppConfig.fromEnv({
      DB_HOST: 'localhost',
      DB_USER: 'root',
      DB_PASSWORD: 'pw',
      DB_NAME: 'izer_webhook_system',
      MIGRATIONS_RUN: 'true',
    });

    expect(sut.database).toMatchObject({
      kind: 'mysql',
      host: 'localhost',
      port: 3306,
      username: 'root',
      password: 'pw',
      database: 'izer_webhook_system',
      isMigrationsRun: true,
    });
  });

  it('should refuse unsigned webhooks by default in production', () => {
    const sut = AppConfig.fromEnv({ NODE_ENV: 'production' });

    expect(sut.security.isUnsignedWebhooksAllowed).toBe(false);
  });
});

describe('validateEnv', () => {
  it('should name every bad variable and never echo a value', () => {
    let error: unknown;
    try {
      validateEnv({
        PORT: '70000',
        AGENT_TIMEOUT_MS: 'soon',
        MIGRATIONS_RUN: 'maybe',
        OPENAI_BASE_URL: 'not a url',
        ADMIN_API_TOKEN: 'short',
      });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(
      ['ADMIN_API_TOKEN', 'AGENT_TIMEOUT_MS', 'MIGRATIONS_RUN', 'OPENAI_BASE_URL', 'PORT'].sort(),
    );
    expect((error as Error).message).not.toContain('soon');
    expect((error as Error).message).not.toContain('short');
  });

  it('should treat empty strings as unset', () => {
    const sut = validateEnv({ OPENAI_API_KEY: '', DATABASE_URL: '', MIGRATIONS_RUN: '' });

    expect(sut.OPENAI_API_KEY).toBeUndefined();
    expect(sut.DATABASE_URL).toBeUndefined();
    expect(sut.MIGRATIONS_RUN).toBeUndefined();
  });
});
