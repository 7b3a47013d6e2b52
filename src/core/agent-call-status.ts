export enum AgentCallStatus {
  Succeeded = 'succeeded',
  HttpError = 'http_error',
  ConnectionError = 'connection_error',
  Timeout = 'timeout',
  ResponseTooLarge = 'response_too_large',
}
