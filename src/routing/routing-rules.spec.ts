import { join } from 'node:path';
import { Category, PriorityLevel, Sentiment } from 'src/core/message-analysis';
import { AgentName } from 'src/core/routing-outcome';
import {
  DEFAULT_ROUTING_RULES,
  loadRoutingRules,
  parseRoutingRules,
  selectRoute,
} from 'src/routing/routing-rules';
import { RoutingRulesError } from 'src/routing/routing-rules.error';
import { buildMessageAnalysis } from 'test/factories/message-analysis.factory';
import { useRoutingRulesFiles } from 'test/factories/routing-rules-file.factory';

describe('routing-rules', () => {
  describe(selectRoute.name, () => {
    it.each([
      [Category.Technical, AgentName.CodeDebugger],
      [Category.Sales, AgentName.BusinessWorkflow],
      [Category.Complaint, AgentName.BusinessWorkflow],
      [Category.Support, AgentName.GeneralPurpose],
      [Category.Inquiry, AgentName.GeneralPurpose],
      [Category.General, AgentName.GeneralPurpose],
    ])('should route %s to %s with the default rules', (category, agent) => {
      const sut = selectRoute(DEFAULT_ROUTING_RULES, buildMessageAnalysis({ category }));

      expect(sut.agent).toBe(agent);
      expect(sut.fallbackAgent).toBe(AgentName.AgentHub);
      expect(sut.isHumanHandover).toBe(false);
    });

    it('should hand critical messages over to a human and still route them to an agent', () => {
      const sut = selectRoute(
        DEFAULT_ROUTING_RULES,
        buildMessageAnalysis({
          category: Category.Complaint,
          priorityLevel: PriorityLevel.Critical,
        }),
      );

      expect(sut).toMatchObject({ agent: AgentName.BusinessWorkflow, isHumanHandover: true });
    });

    it('should let the first matching rule win', () => {
      const rules = parseRoutingRules(
        {
          rules: [
            {
              name: 'urgent-turkish',
              when: { minUrgency: 8, language: ['TR'] },
              agent: 'agent_hub',
            },
            { when: { category: ['technical'] }, agent: 'code_debugger' },
          ],
        },
        'inline',
      );

      const sut = selectRoute(
        rules,
        buildMessageAnalysis({ category: Category.Technical, urgencyScore: 9, language: 'tr' }),
      );

      expect(sut.agent).toBe(AgentName.AgentHub);
      expect(sut.matchedRule).toBe('urgent-turkish');
      expect(sut.fallbackAgent).toBeNull();
    });

    it('should apply every condition of a rule together', () => {
      const rules = parseRoutingRules(
        {
          rules: [
            {
              when: {
                category: ['support'],
                priorityLevel: ['high', 'critical'],
                sentiment: ['negative'],
                minUrgency: 6,
                maxUrgency: 9,
              },
              agent: 'business_workflow',
            },
          ],
        },
        'inline',
      );
      const matching = buildMessageAnalysis({
        category: Category.Support,
        priorityLevel: PriorityLevel.High,
        sentiment: Sentiment.Negative,
        urgencyScore: 7,
      });

      expect(selectRoute(rules, matching).agent).toBe(AgentName.BusinessWorkflow);
      expect(selectRoute(rules, { ...matching, urgencyScore: 10 }).agent).toBe(
        AgentName.GeneralPurpose,
      );
      expect(selectRoute(rules, { ...matching, sentiment: Sentiment.Neutral }).agent).toBe(
        AgentName.GeneralPurpose,
      );
      expect(selectRoute(rules, matching).matchedRule).toBe('rules[0]');
    });

    it('should use the file defaults, no fallback and the configured handover levels', () => {
      const rules = parseRoutingRules(
        {
          rules: [],
          defaultAgent: 'business_workflow',
          fallbackAgent: null,
          humanHandover: { priorityLevels: ['critical', 'high'] },
        },
        'inline',
      );

      const sut = selectRoute(rules, buildMessageAnalysis({ priorityLevel: PriorityLevel.High }));

      expect(sut).toEqual({
        agent: AgentName.BusinessWorkflow,
        fallbackAgent: null,
        isHumanHandover: true,
        matchedRule: 'default',
      });
    });
  });

  describe(loadRoutingRules.name, () => {
    const rulesFiles = useRoutingRulesFiles('routing-rules-');

    function problemsOf(path: string): string[] {
      try {
        loadRoutingRules(path);
      } catch (error) {
        expect(error).toBeInstanceOf(RoutingRulesError);
        expect((error as RoutingRulesError).message).toContain(path);
        return (error as RoutingRulesError).problems;
      }
      throw new Error('expected the rules file to be refused');
    }

    it('should use the SPEC defaults when no file is configured', () => {
      expect(loadRoutingRules(null)).toBe(DEFAULT_ROUTING_RULES);
    });

    it('should load a valid file and fill in the missing defaults', () => {
      const path = rulesFiles.write(
        JSON.stringify({
          rules: [{ when: { category: ['inquiry'] }, agent: 'agent_hub' }],
        }),
      );

      const sut = loadRoutingRules(path);

      expect(sut).toEqual({
        rules: [{ when: { category: [Category.Inquiry] }, agent: AgentName.AgentHub }],
        defaultAgent: AgentName.GeneralPurpose,
        fallbackAgent: AgentName.AgentHub,
        humanHandover: { priorityLevels: [PriorityLevel.Critical] },
      });
      expect(selectRoute(sut, buildMessageAnalysis({ category: Category.Inquiry })).agent).toBe(
        AgentName.AgentHub,
      );
    });

    it('should refuse a file that does not exist', () => {
      expect(problemsOf(join(rulesFiles.directory, 'missing.json'))).toEqual([
        'the file cannot be read (ENOENT)',
      ]);
    });

    it('should refuse a file that is not JSON', () => {
      const [problem] = problemsOf(rulesFiles.write('{ "rules": [ '));

      expect(problem).toMatch(/^the file is not valid JSON/);
    });

    it('should refuse unknown agents, bad enum values and misspelt fields, naming each', () => {
      const path = rulesFiles.write(
        JSON.stringify({
          rules: [
            { when: { category: ['billing'] }, agent: 'billing_bot' },
            { when: { priorty: ['high'] }, agent: 'code_debugger' },
            { when: { minUrgency: 11, priorityLevel: [] }, agent: 'agent_hub' },
            'technical',
          ],
          defaultAgent: 'human',
          humanHandover: { priorityLevels: ['urgent'] },
          extra: true,
        }),
      );

      expect(problemsOf(path)).toEqual([
        'extra: unknown field (allowed: rules, defaultAgent, fallbackAgent, humanHandover)',
        'rules[0].agent: "billing_bot" is not an agent (one of general_purpose, business_workflow, code_debugger, agent_hub)',
        'rules[0].when.category: "billing" (item 0) is not one of sales, support, complaint, inquiry, technical, general',
        'rules[1].when.priorty: unknown field (allowed: category, priorityLevel, sentiment, language, minUrgency, maxUrgency)',
        'rules[2].when.priorityLevel: must be a non-empty array of critical, high, normal, low',
        'rules[2].when.minUrgency: 11 is not an integer from 1 to 10',
        'rules[3]: must be an object with "when" and "agent"',
        'defaultAgent: "human" is not an agent (one of general_purpose, business_workflow, code_debugger, agent_hub)',
        'humanHandover.priorityLevels: "urgent" (item 0) is not one of critical, high, normal, low',
      ]);
    });

    it('should name every bad item of a list and refuse null where a value is expected', () => {
      const path = rulesFiles.write(
        JSON.stringify({
          rules: [
            { name: 7, when: { language: ['en', 'english', 'TR', 3] }, agent: 'agent_hub' },
            { when: { sentiment: null, maxUrgency: '5' }, agent: null },
            { when: [], agent: 'agent_hub' },
          ],
          defaultAgent: null,
          fallbackAgent: null,
          humanHandover: { priorityLevels: [] },
        }),
      );

      expect(problemsOf(path)).toEqual([
        'rules[0].name: must be a string',
        'rules[0].when.language: "english" (item 1) is not an ISO 639-1 code; 3 (item 3) is not an ISO 639-1 code',
        'rules[1].agent: null is not an agent (one of general_purpose, business_workflow, code_debugger, agent_hub)',
        'rules[1].when.sentiment: must be a non-empty array of positive, negative, neutral, urgent',
        'rules[1].when.maxUrgency: "5" is not an integer from 1 to 10',
        'rules[2].when: must be an object (use {} to match every message)',
        'defaultAgent: null is not an agent (one of general_purpose, business_workflow, code_debugger, agent_hub)',
      ]);
    });

    it('should refuse a file without a rules array', () => {
      expect(problemsOf(rulesFiles.write('{"defaultAgent": "general_purpose"}'))).toEqual([
        'rules: must be an array (it may be empty)',
      ]);
      expect(problemsOf(rulesFiles.write('{"rules": "technical"}'))).toEqual([
        'rules: must be an array (it may be empty)',
      ]);
      expect(problemsOf(rulesFiles.write('[]'))).toEqual(['the top level must be a JSON object']);
    });

    it('should refuse a rule whose urgency range can never match', () => {
      const path = rulesFiles.write(
        JSON.stringify({ rules: [{ when: { minUrgency: 8, maxUrgency: 3 }, agent: 'agent_hub' }] }),
      );

      expect(problemsOf(path)).toEqual([
        'rules[0].when: minUrgency is greater than maxUrgency, so the rule never matches',
      ]);
    });
  });
});
