export enum ScorerFailure {
  Disabled = 'disabled',
  EmptyInput = 'empty_input',
  // An operator corrected this text: their word stands, the model is not asked.
  Corrected = 'corrected',
  Timeout = 'timeout',
  RateLimited = 'rate_limited',
  ServerError = 'server_error',
  ConnectionError = 'connection_error',
  Rejected = 'request_rejected',
  InvalidOutput = 'invalid_output',
  CircuitOpen = 'circuit_open',
  Unknown = 'error',
}
