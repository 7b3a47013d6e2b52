export enum AgentName {
  GeneralPurpose = 'general_purpose',
  BusinessWorkflow = 'business_workflow',
  CodeDebugger = 'code_debugger',
  AgentHub = 'agent_hub',
}

export interface RoutingOutcome {
  isSuccess: boolean;
  /** The agent that answered, or the last one tried when none did. */
  agent: AgentName;
  /** The answering agent's JSON body (`{}` when it sent none or none answered). */
  response: unknown;
  /** A `reply` string from the agent's answer, to send back to the user. */
  reply: string | null;
  /** Critical messages on platforms with human handover also go to a person. */
  isHumanHandover: boolean;
  attempts: number;
}
