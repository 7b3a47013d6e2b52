import { AnalyticsResult } from 'src/analysis/analytics-result.entity';
import { CriticalGroup } from 'src/analysis/critical-group.entity';
import { ImportantCustomer } from 'src/analysis/important-customer.entity';
import { ADMIN, ADMIN_TOKEN } from 'test/setup/admin-api';
import { buildIzerPayload } from 'test/factories/izer-payload.factory';
import { deleteAddedCriticalGroups } from 'test/setup/seeded-groups';
import { oneAgentEnv } from 'test/setup/stub-agents';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { useSuiteFixture } from 'test/setup/suite-hooks';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, type TestDatabaseKind, truncateAll } from 'test/setup/test-database';

export const CUSTOMERS = '/admin/important-customers';
export const GROUPS = '/admin/critical-groups';
export const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

type Method = 'GET' | 'POST' | 'DELETE';

// Every admin VIP route, each with a body that would otherwise be valid.
export const EVERY_ROUTE: [method: Method, path: string, body?: unknown][] = [
  ['GET', CUSTOMERS],
  ['GET', `${CUSTOMERS}/1`],
  ['POST', CUSTOMERS, { phone_number: '+905551112233', name: 'Derya' }],
  ['DELETE', `${CUSTOMERS}/1`],
  ['GET', GROUPS],
  ['GET', `${GROUPS}/1`],
  ['POST', GROUPS, { name: 'Night Shift' }],
  ['DELETE', `${GROUPS}/1`],
];

export interface ImportantCustomerAnswer {
  id: number;
  phone_number: string | null;
  platform_user_id: string | null;
  name: string;
  priority_boost: number;
  is_active: boolean;
  created_at: string;
}

export interface CriticalGroupAnswer {
  id: number;
  name: string;
  priority_boost: number;
  is_active: boolean;
  created_at: string;
}

export interface WebhookAnalysis {
  urgency_score: number;
  priority_level: string;
  recommended_response_time: string;
  action_required: boolean;
  [key: string]: unknown;
}

export interface WebhookAnswer {
  database_id: number;
  analysis: WebhookAnalysis;
}

export function adminRequest(
  sut: TestApp,
  method: Method,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Response> {
  return fetch(`${sut.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * The gateway with ADMIN_API_TOKEN set and a stub agent, as the admin VIP suites use it: booted
 * once per suite, every test starting from seed 004's groups and nothing else. The helpers are
 * arrow properties so a suite can take them apart.
 */
export class AdminVipApp {
  sut!: TestApp;
  private database?: TestDatabase;
  private agent?: StubHttpServer;

  // Registers the suite's hooks; the app exists from the first test on.
  static use(kind: TestDatabaseKind): AdminVipApp {
    return useSuiteFixture(new AdminVipApp(), kind);
  }

  customerRows = (): Promise<ImportantCustomer[]> =>
    this.sut.dataSource.getRepository(ImportantCustomer).find({ order: { id: 'ASC' } });

  groupRows = (): Promise<CriticalGroup[]> =>
    this.sut.dataSource.getRepository(CriticalGroup).find({ order: { id: 'ASC' } });

  get = (path: string, headers: Record<string, string> = ADMIN): Promise<Response> =>
    adminRequest(this.sut, 'GET', path, headers);

  post = (
    path: string,
    body: unknown,
    headers: Record<string, string> = ADMIN,
  ): Promise<Response> => adminRequest(this.sut, 'POST', path, headers, body);

  remove = (path: string, headers: Record<string, string> = ADMIN): Promise<Response> =>
    adminRequest(this.sut, 'DELETE', path, headers);

  createCustomer = async (body: Record<string, unknown>): Promise<ImportantCustomerAnswer> => {
    const response = await this.post(CUSTOMERS, body);
    expect(response.status).toBe(201);
    return (await response.json()) as ImportantCustomerAnswer;
  };

  createGroup = async (body: Record<string, unknown>): Promise<CriticalGroupAnswer> => {
    const response = await this.post(GROUPS, body);
    expect(response.status).toBe(201);
    return (await response.json()) as CriticalGroupAnswer;
  };

  sendWebhook = async (
    overrides: Parameters<typeof buildIzerPayload>[0],
  ): Promise<{ answer: WebhookAnswer; stored: AnalyticsResult }> => {
    const response = await this.sut.post('/webhook', buildIzerPayload(overrides));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as WebhookAnswer;
    const stored = await this.sut.dataSource
      .getRepository(AnalyticsResult)
      .findOneByOrFail({ messageId: answer.database_id });
    return { answer, stored };
  };

  async start(kind: TestDatabaseKind): Promise<void> {
    this.agent = await StubHttpServer.start();
    this.database = await TestDatabase.create(kind);
    this.sut = await TestApp.start(this.database, {
      ...oneAgentEnv(this.agent),
      ADMIN_API_TOKEN: ADMIN_TOKEN,
    });
  }

  async reset(): Promise<void> {
    await truncateAll(this.sut.dataSource);
    await deleteAddedCriticalGroups(this.sut.dataSource);
    this.agent?.reset();
    this.agent?.respondWith(() => ({ status: 200, body: { status: 'accepted' } }));
  }

  async stop(): Promise<void> {
    await this.sut?.close();
    await this.database?.drop();
    await this.agent?.stop();
  }
}
