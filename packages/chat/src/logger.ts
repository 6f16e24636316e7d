/**
 * ChatJS's logger config: `{ logger: {debug, info, warn, error}, level }` (`customizedLogger`
 * is accepted as ChatJS's other name for it). Without a logger nothing is logged. Tokens and
 * message text are never put in a log line by this package.
 */
import { LogLevel } from './constants.js';

export interface LogSink {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface LoggerConfig {
  readonly logger?: LogSink;
  readonly customizedLogger?: LogSink;
  /** Default INFO. */
  readonly level?: LogLevel | number;
}

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

const PREFIX = '[switchboard-chat]';

export function makeLogger(config: LoggerConfig | undefined, context = ''): Logger {
  const sink = config?.logger ?? config?.customizedLogger;
  const level = config?.level ?? LogLevel.INFO;
  const at =
    (lvl: number, name: keyof LogSink) =>
    (msg: string): void => {
      if (!sink || lvl < level) return;
      try {
        sink[name](`${PREFIX}${context ? ` ${context}` : ''} ${msg}`);
      } catch {
        // A logger that throws must not break the chat.
      }
    };
  return {
    debug: at(LogLevel.DEBUG, 'debug'),
    info: at(LogLevel.INFO, 'info'),
    warn: at(LogLevel.WARN, 'warn'),
    error: at(LogLevel.ERROR, 'error'),
  };
}
