import { Category } from 'src/core/message-analysis';
import { AgentName } from 'src/core/routing-outcome';
import { RoutingService } from 'src/routing/routing.service';
import { createRoutingService, requestFor } from 'test/setup/routing-service-kit';
import { useRoutingHarness } from 'test/setup/routing-harness';

describe(`${RoutingService.name} with an earlier outcome`, () => {
  const h = useRoutingHarness();

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const notFirst = () => ({ ...requestFor(Category.Sales), isFirstAttempt: false });

  it('should return the stored outcome of a message that was already routed', async () => {
    h.repository.storedOutcome = {
      isSuccess: true,
      agent: AgentName.BusinessWorkflow,
      response: { reply: 'earlier' },
      reply: 'earlier',
      isHumanHandover: false,
      attempts: 1,
    };
    const sut = createRoutingService(h.stub, h.repository);

    const outcome = await sut.route(notFirst());

    expect(outcome).toBe(h.repository.storedOutcome);
    expect(h.stub.requests).toHaveLength(0);
    expect(h.repository.records).toHaveLength(0);
  });

  it('should route again when the earlier routing failed', async () => {
    h.repository.storedOutcome = {
      isSuccess: false,
      agent: AgentName.AgentHub,
      response: {},
      reply: null,
      isHumanHandover: false,
      attempts: 4,
    };
    const sut = createRoutingService(h.stub, h.repository);

    const outcome = await sut.route(notFirst());

    expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.BusinessWorkflow });
    expect(h.agents.calledAgents()).toEqual([AgentName.BusinessWorkflow]);
  });

  it('should throw when an attempt cannot be recorded', async () => {
    jest.spyOn(h.repository, 'recordAttempt').mockRejectedValue(new Error('database down'));
    const sut = createRoutingService(h.stub, h.repository);

    await expect(sut.route(requestFor(Category.General))).rejects.toThrow('database down');
  });
});
