// Thrown at boot so the gateway does not start.
export class RoutingRulesError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(
      `Invalid routing rules file ${file} (ROUTING_RULES_FILE):\n` +
        problems.map((problem) => `  ${problem}`).join('\n'),
    );
    this.name = 'RoutingRulesError';
  }
}
