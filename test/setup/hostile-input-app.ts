import {
  bodyRoutes,
  credentialedEnv,
  type RouteCase,
} from 'test/factories/route-catalogue.factory';
import type { ErrorAnswer } from 'test/setup/admin-api';
import { StubAgents } from 'test/setup/stub-agents';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { useSuiteFixture } from 'test/setup/suite-hooks';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, type TestDatabaseKind } from 'test/setup/test-database';

export const BODY_LIMIT = 64 * 1024;

export const nested = (depth: number): string => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;

// Bodies a parser would refuse in one way or another; credentials must be refused first.
export const HOSTILE_BODIES: [string, string, Buffer | string][] = [
  ['broken JSON', 'application/json', '{"message_id": "x", '],
  ['a __proto__ key', 'application/json', '{"__proto__": {"isAdmin": true}, "a": 1}'],
  ['a constructor.prototype key', 'application/json', '{"constructor": {"prototype": {}}}'],
  ['JSON nested 200 deep', 'application/json', nested(200)],
  ['text/plain', 'text/plain', 'hello'],
  ['a form', 'application/x-www-form-urlencoded', 'a=1&b=2'],
  ['bytes that are not UTF-8', 'application/json', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])],
  ['latin1', 'application/json; charset=latin1', '{"a":"\u00e7"}'],
  ['an empty body', 'application/json', ''],
  ['a body over the limit', 'application/json', `{"a":"${'x'.repeat(BODY_LIMIT)}"}`],
];

/**
 * The gateway with every platform's credentials set and small body limits, as the hostile-input
 * suites use it: booted once per suite (no test leaves rows another test counts on), with the
 * catalogue of body routes and ways to send them raw or with their right credentials.
 */
export class HostileInputApp {
  sut!: TestApp;
  api!: StubHttpServer;
  private agents?: StubAgents;
  private database?: TestDatabase;
  private catalogue: RouteCase[] = [];

  // Registers the suite's hooks; the app exists from the first test on.
  static use(kind: TestDatabaseKind): HostileInputApp {
    return useSuiteFixture(new HostileInputApp(), kind);
  }

  // Every POST route that takes a body; never empty, so a loop over it always asserts something.
  get routes(): RouteCase[] {
    if (this.catalogue.length === 0) {
      throw new Error('the route catalogue is empty');
    }
    return this.catalogue;
  }

  send = (
    route: Pick<RouteCase, 'method' | 'path'>,
    body: Buffer | string | undefined,
    headers: Record<string, string>,
  ): Promise<Response> =>
    fetch(`${this.sut.url}${route.path}`, { method: route.method, headers, body });

  writesOf = async (route: RouteCase): Promise<number[]> =>
    Promise.all(route.writes.map((sql) => this.sut.count(sql)));

  // Sends `body` with its right credentials (signed over exactly these bytes).
  sendSigned = async (
    route: RouteCase,
    body: Buffer | string,
    contentType = 'application/json',
  ): Promise<Response> =>
    this.send(route, body, {
      'content-type': contentType,
      ...(await route.credentials(Buffer.from(body))),
    });

  routeNamed = (name: string): RouteCase => {
    const route = this.routes.find((candidate) => candidate.name === name);
    if (!route) {
      throw new Error(`no route ${name}`);
    }
    return route;
  };

  fieldsOf = async (response: Response): Promise<string[]> =>
    ((await response.json()) as ErrorAnswer).fields?.map((field) => field.field) ?? [];

  async start(kind: TestDatabaseKind): Promise<void> {
    this.agents = await StubAgents.start();
    this.agents.answerWith({ status: 'accepted' });
    this.api = await StubHttpServer.start();
    this.database = await TestDatabase.create(kind);
    this.sut = await TestApp.start(this.database, {
      ...this.agents.env,
      ...credentialedEnv(this.api.url),
      BODY_LIMIT_BYTES: String(BODY_LIMIT),
      WHATSAPP_BODY_LIMIT_BYTES: String(BODY_LIMIT),
    });
    this.catalogue = bodyRoutes(this.api.url);
  }

  async stop(): Promise<void> {
    await this.sut?.close();
    await this.database?.drop();
    await this.agents?.stop();
    await this.api?.stop();
  }
}
