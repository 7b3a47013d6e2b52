import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  Category,
  type MessageAnalysis,
  PriorityLevel,
  Sentiment,
} from 'src/analysis/message-analysis';
import { RoutingRulesError } from 'src/routing/routing-rules.error';
import { AgentName } from 'src/routing/routing-outcome';

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
  const problems: string[] = [];
  if (!isPlainObject(json)) {
    throw new RoutingRulesError(source, ['the top level must be a JSON object']);
  }
  reportUnknownKeys(
    json,
    ['rules', 'defaultAgent', 'fallbackAgent', 'humanHandover'],
    '',
    problems,
  );

  const rules: RoutingRule[] = [];
  if (!Array.isArray(json.rules)) {
    problems.push('rules: must be an array (it may be empty)');
  } else {
    json.rules.forEach((raw, index) => {
      const rule = parseRule(raw, `rules[${index}]`, problems);
      if (rule) {
        rules.push(rule);
      }
    });
  }

  const defaultAgent =
    json.defaultAgent === undefined
      ? DEFAULT_ROUTING_RULES.defaultAgent
      : parseAgent(json.defaultAgent, 'defaultAgent', problems);
  const fallbackAgent =
    json.fallbackAgent === undefined
      ? DEFAULT_ROUTING_RULES.fallbackAgent
      : json.fallbackAgent === null
        ? null
        : parseAgent(json.fallbackAgent, 'fallbackAgent', problems);
  const humanHandover =
    json.humanHandover === undefined
      ? DEFAULT_ROUTING_RULES.humanHandover
      : parseHumanHandover(json.humanHandover, problems);

  if (problems.length > 0 || !defaultAgent || fallbackAgent === undefined || !humanHandover) {
    throw new RoutingRulesError(source, problems);
  }
  return { rules, defaultAgent, fallbackAgent, humanHandover };
}

function parseRule(raw: unknown, path: string, problems: string[]): RoutingRule | undefined {
  if (!isPlainObject(raw)) {
    problems.push(`${path}: must be an object with "when" and "agent"`);
    return undefined;
  }
  reportUnknownKeys(raw, ['name', 'when', 'agent'], path, problems);
  if (raw.name !== undefined && typeof raw.name !== 'string') {
    problems.push(`${path}.name: must be a string`);
  }
  const agent = parseAgent(raw.agent, `${path}.agent`, problems);
  const when = parseCondition(raw.when, `${path}.when`, problems);
  if (!agent || !when) {
    return undefined;
  }
  return typeof raw.name === 'string' ? { name: raw.name, when, agent } : { when, agent };
}

function parseCondition(
  raw: unknown,
  path: string,
  problems: string[],
): RoutingCondition | undefined {
  if (!isPlainObject(raw)) {
    problems.push(`${path}: must be an object (use {} to match every message)`);
    return undefined;
  }
  reportUnknownKeys(
    raw,
    ['category', 'priorityLevel', 'sentiment', 'language', 'minUrgency', 'maxUrgency'],
    path,
    problems,
  );
  const condition: RoutingCondition = {};
  const before = problems.length;
  if (raw.category !== undefined) {
    condition.category = parseEnumList(raw.category, Category, `${path}.category`, problems);
  }
  if (raw.priorityLevel !== undefined) {
    condition.priorityLevel = parseEnumList(
      raw.priorityLevel,
      PriorityLevel,
      `${path}.priorityLevel`,
      problems,
    );
  }
  if (raw.sentiment !== undefined) {
    condition.sentiment = parseEnumList(raw.sentiment, Sentiment, `${path}.sentiment`, problems);
  }
  if (raw.language !== undefined) {
    condition.language = parseLanguages(raw.language, `${path}.language`, problems);
  }
  if (raw.minUrgency !== undefined) {
    condition.minUrgency = parseUrgency(raw.minUrgency, `${path}.minUrgency`, problems);
  }
  if (raw.maxUrgency !== undefined) {
    condition.maxUrgency = parseUrgency(raw.maxUrgency, `${path}.maxUrgency`, problems);
  }
  if (
    condition.minUrgency !== undefined &&
    condition.maxUrgency !== undefined &&
    condition.minUrgency > condition.maxUrgency
  ) {
    problems.push(`${path}: minUrgency is greater than maxUrgency, so the rule never matches`);
  }
  return problems.length === before ? condition : undefined;
}

function parseHumanHandover(
  raw: unknown,
  problems: string[],
): RoutingRules['humanHandover'] | undefined {
  if (!isPlainObject(raw)) {
    problems.push('humanHandover: must be an object like {"priorityLevels": ["critical"]}');
    return undefined;
  }
  reportUnknownKeys(raw, ['priorityLevels'], 'humanHandover', problems);
  const before = problems.length;
  const priorityLevels = parseEnumList(
    raw.priorityLevels,
    PriorityLevel,
    'humanHandover.priorityLevels',
    problems,
    true,
  );
  return problems.length === before ? { priorityLevels } : undefined;
}

function parseAgent(raw: unknown, path: string, problems: string[]): AgentName | undefined {
  const agents = Object.values(AgentName) as string[];
  if (typeof raw !== 'string' || !agents.includes(raw)) {
    problems.push(`${path}: ${describe(raw)} is not an agent (one of ${agents.join(', ')})`);
    return undefined;
  }
  return raw as AgentName;
}

function parseEnumList<T extends string>(
  raw: unknown,
  values: Record<string, T>,
  path: string,
  problems: string[],
  isEmptyAllowed = false,
): T[] {
  const allowed = Object.values(values);
  if (!Array.isArray(raw) || (!isEmptyAllowed && raw.length === 0)) {
    problems.push(
      `${path}: must be ${isEmptyAllowed ? 'an' : 'a non-empty'} array of ${allowed.join(', ')}`,
    );
    return [];
  }
  const result: T[] = [];
  raw.forEach((item, index) => {
    if (typeof item === 'string' && (allowed as string[]).includes(item)) {
      result.push(item as T);
    } else {
      problems.push(`${path}[${index}]: ${describe(item)} is not one of ${allowed.join(', ')}`);
    }
  });
  return result;
}

function parseLanguages(raw: unknown, path: string, problems: string[]): string[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(`${path}: must be a non-empty array of ISO 639-1 codes such as "en", "tr"`);
    return [];
  }
  const result: string[] = [];
  raw.forEach((item, index) => {
    if (typeof item === 'string' && /^([a-z]{2}|und)$/i.test(item)) {
      result.push(item.toLowerCase());
    } else {
      problems.push(`${path}[${index}]: ${describe(item)} is not an ISO 639-1 code`);
    }
  });
  return result;
}

function parseUrgency(raw: unknown, path: string, problems: string[]): number | undefined {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > 10) {
    problems.push(`${path}: ${describe(raw)} is not an integer from 1 to 10`);
    return undefined;
  }
  return raw;
}

function reportUnknownKeys(
  raw: Record<string, unknown>,
  known: string[],
  path: string,
  problems: string[],
): void {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) {
      // A misspelt condition would otherwise be ignored and the rule would match everything.
      problems.push(
        `${path ? `${path}.` : ''}${key}: unknown field (allowed: ${known.join(', ')})`,
      );
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === undefined ? 'missing value' : JSON.stringify(value);
}
