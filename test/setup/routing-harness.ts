import {
  InMemoryAgentRoutingRepository,
  type ScriptedAgents,
  scriptAgents,
} from 'test/setup/routing-service-kit';
import { type StubHttpServer, useStubServer } from 'test/setup/stub-http-server';

export interface RoutingHarness {
  // The stand-in for every agent, one path per agent.
  readonly stub: StubHttpServer;
  readonly agents: ScriptedAgents;
  readonly repository: InMemoryAgentRoutingRepository;
}

// Registers what the RoutingService specs share: a silent Logger, the agents' stand-in server,
// and before each test fresh agent scripts and an empty in-memory routing repository.
export function useRoutingHarness(): RoutingHarness {
  const stub = useStubServer({ isLoggerSilent: true });
  let agents: ScriptedAgents | undefined;
  let repository: InMemoryAgentRoutingRepository | undefined;
  beforeEach(() => {
    agents = scriptAgents(stub);
    repository = new InMemoryAgentRoutingRepository();
  });
  const booted = <T>(value: T | undefined): T => {
    if (value === undefined) {
      throw new Error('the routing harness is set up in beforeEach');
    }
    return value;
  };
  return {
    stub,
    get agents(): ScriptedAgents {
      return booted(agents);
    },
    get repository(): InMemoryAgentRoutingRepository {
      return booted(repository);
    },
  };
}
