import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  Category,
  type MessageAnalysis,
  PriorityLevel,
  type Sentiment,
} from 'src/core/message-analysis';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RoutingRulesError } from 'src/routing/routing-rules.error';
import { AgentName } from 'src/core/routing-outcome';
import { RoutingRulesFileDto } from 'src/routing/routing-rules-file.dto';
import { problemsOf } from 'src/routing/routing-rules-problems';

export const ROUTING_RULES = Symbol('ROUTING_RULES');

// Every condition given must hold; an empty `when` matches everything.
export interface RoutingCondition {
  category?: Category[];
  priorityLevel?: PriorityLevel[];
  sentiment?: Sentiment[];
  // As the analyzer reports them (`und` when unknown).
  language?: string[];
  minUrgency?: number;
  maxUrgency?: number;
}

export interface RoutingRule {
  // Shown in logs; helps tell rules apart.
  name?: string;
  when: RoutingCondition;
  agent: AgentName;
}

export interface RoutingRules {
  // Checked in order; the first matching rule picks the agent.
  rules: RoutingRule[];
  defaultAgent: AgentName;
  // Takes over when the chosen agent fails; `null` turns the takeover off.
  fallbackAgent: AgentName | null;
  humanHandover: { priorityLevels: PriorityLevel[] };
}

export interface RouteDecision {
  agent: AgentName;
  // `null` when there is none or the chosen agent is the fallback itself.
  fallbackAgent: AgentName | null;
  isHumanHandover: boolean;
  // The matching rule's name (or `rules[i]`), or `default`.
  matchedRule: string;
}

// SPEC section 5: technical → code_debugger, sales and complaint → business_workflow.
export const DEFAULT_ROUTING_RULES: RoutingRules = {
  rules: [
    { name: 'technical', when: { category: [Category.Technical] }, agent: AgentName.CodeDebugger },
    {
      name: 'sales-and-complaints',
      when: { category: [Category.Sales, Category.Complaint] },
      agent: AgentName.BusinessWorkflow,
    },
  ],
  defaultAgent: AgentName.GeneralPurpose,
  fallbackAgent: AgentName.AgentHub,
  humanHandover: { priorityLevels: [PriorityLevel.Critical] },
};

export function selectRoute(rules: RoutingRules, analysis: MessageAnalysis): RouteDecision {
  const index = rules.rules.findIndex((rule) => matches(rule.when, analysis));
  const rule = index >= 0 ? rules.rules[index] : undefined;
  const agent = rule ? rule.agent : rules.defaultAgent;
  return {
    agent,
    fallbackAgent: rules.fallbackAgent === agent ? null : rules.fallbackAgent,
    isHumanHandover: isHumanHandover(rules, analysis),
    matchedRule: rule ? (rule.name ?? `rules[${index}]`) : 'default',
  };
}

export function isHumanHandover(rules: RoutingRules, analysis: MessageAnalysis): boolean {
  return rules.humanHandover.priorityLevels.includes(analysis.priorityLevel);
}

function matches(when: RoutingCondition, analysis: MessageAnalysis): boolean {
  return (
    (when.category === undefined || when.category.includes(analysis.category)) &&
    (when.priorityLevel === undefined || when.priorityLevel.includes(analysis.priorityLevel)) &&
    (when.sentiment === undefined || when.sentiment.includes(analysis.sentiment)) &&
    (when.language === undefined || when.language.includes(analysis.language.toLowerCase())) &&
    (when.minUrgency === undefined || analysis.urgencyScore >= when.minUrgency) &&
    (when.maxUrgency === undefined || analysis.urgencyScore <= when.maxUrgency)
  );
}

// The one impure function here: it reads the file once, at boot, so a bad file stops the start
// instead of misrouting messages later.
export function loadRoutingRules(file: string | null): RoutingRules {
  if (file === null) {
    return DEFAULT_ROUTING_RULES;
  }
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new RoutingRulesError(path, [`the file cannot be read (${code})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RoutingRulesError(path, [`the file is not valid JSON (${(error as Error).message})`]);
  }
  return parseRoutingRules(json, path);
}

export function parseRoutingRules(json: unknown, source: string): RoutingRules {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new RoutingRulesError(source, ['the top level must be a JSON object']);
  }
  const file = plainToInstance(RoutingRulesFileDto, json);
  // Unknown fields are refused, not stripped as in request bodies: a misspelt condition would
  // otherwise be dropped and its rule would match everything.
  const errors = validateSync(file, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
  });
  if (errors.length > 0) {
    throw new RoutingRulesError(source, problemsOf(errors));
  }
  return {
    rules: file.rules,
    defaultAgent: file.defaultAgent ?? DEFAULT_ROUTING_RULES.defaultAgent,
    fallbackAgent:
      file.fallbackAgent === undefined ? DEFAULT_ROUTING_RULES.fallbackAgent : file.fallbackAgent,
    humanHandover: file.humanHandover ?? DEFAULT_ROUTING_RULES.humanHandover,
  };
}
