import type { LoggerService } from '@nestjs/common';
import pino, { type Level, type Logger } from 'pino';

/**
 * Nest's logger, written by pino: `new Logger('Ctx').log({ ids }, 'what happened')` becomes one
 * JSON line `{ context: 'Ctx', ids…, msg: 'what happened' }`. One root logger, no child per
 * request: a line that needs the request id is given it.
 */
export class PinoLoggerService implements LoggerService {
  readonly pino: Logger;

  constructor(level: string, destination: pino.DestinationStream = defaultDestination()) {
    this.pino = pino({ level }, destination);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('trace', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.write('info', message, optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.write('error', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams);
  }

  // Nest's `Logger` passes its context as the last parameter; the ones before it are pino's
  // (the message after a fields object, or printf arguments).
  private write(level: Level, message: unknown, optionalParams: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) {
      return;
    }
    const fields: Record<string, unknown> = {};
    let params = optionalParams;
    if (optionalParams.length > 0) {
      fields.context = optionalParams[optionalParams.length - 1];
      params = optionalParams.slice(0, -1);
    }
    if (message instanceof Error) {
      fields.err = message;
      this.pino[level](fields, ...(params as [string?]));
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(fields, message);
      this.pino[level](fields, ...(params as [string?]));
    } else if (isStackAfterMessage(level, message, params)) {
      // Nest's own exception handlers call `error(message, stack)`.
      const error = new Error(message as string);
      error.stack = params[0] as string;
      this.pino[level]({ ...fields, err: error });
    } else {
      this.pino[level](fields, String(message), ...params);
    }
  }
}

function isStackAfterMessage(level: Level, message: unknown, params: unknown[]): boolean {
  return (
    level === 'error' &&
    typeof message === 'string' &&
    params.length === 1 &&
    typeof params[0] === 'string' &&
    /\n\s*at /.test(params[0])
  );
}

// Written without blocking the event loop (a busy gateway logs thousands of lines a second);
// pino writes out what is left when the process exits.
function defaultDestination(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}
