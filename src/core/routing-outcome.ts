export enum AgentName {
  GeneralPurpose = 'general_purpose',
  BusinessWorkflow = 'business_workflow',
  CodeDebugger = 'code_debugger',
  AgentHub = 'agent_hub',
}

export interface RoutingOutcome {
  isSuccess: boolean;
  // The last one tried when none answered.
  agent: AgentName;
  // `{}` when it sent none or none answered.
  response: unknown;
  reply: string | null;
  isHumanHandover: boolean;
  attempts: number;
}
