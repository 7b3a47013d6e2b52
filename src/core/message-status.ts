// received → analyzed → routed → replied → done; `failed` waits for its next attempt
// (`next_attempt_at`); `waiting` could not be routed because every agent's breaker was open (no
// attempt counted, nothing failed) and waits for the breakers; `dead` gave up after MAX_ATTEMPTS
// and waits for an admin's replay.
export enum MessageStatus {
  Received = 'received',
  Analyzed = 'analyzed',
  Routed = 'routed',
  Replied = 'replied',
  Done = 'done',
  Failed = 'failed',
  Waiting = 'waiting',
  Dead = 'dead',
}
