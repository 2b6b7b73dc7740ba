/**
 * A small structured logger: one JSON line per event, on stderr unless told otherwise. Nothing
 * that carries a credential (headers, tokens) is ever passed to it, and no line echoes much of
 * what a client sent: every string is cut to a short prefix, every array to its first items.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Where the lines go (each ends in a newline). */
export type LogSink = (line: string) => void;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Longest string kept in a log line; input (a query, a variable) never shows beyond this. */
export const LOG_MAX_STRING = 200;
/** A `stack` field is stack frames (file positions), so it may be longer. */
const LOG_MAX_STACK = 1_500;
const LOG_MAX_ITEMS = 20;
/** Last resort: a line this long is replaced by a note of its size. */
const LOG_MAX_LINE = 4_096;

/** `text` cut to `max` characters, saying how much was left out. */
export function clip(text: string, max = LOG_MAX_STRING): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

function bounded(key: string, value: unknown): unknown {
  if (typeof value === 'string') return clip(value, key === 'stack' ? LOG_MAX_STACK : LOG_MAX_STRING);
  if (Array.isArray(value) && value.length > LOG_MAX_ITEMS) {
    return [...value.slice(0, LOG_MAX_ITEMS), `… (${value.length - LOG_MAX_ITEMS} more items)`];
  }
  return value;
}

export function createLogger(level: LogLevel, sink: LogSink = (line) => process.stderr.write(line)): Logger {
  const emit = (at: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const time = new Date().toISOString();
    let line = JSON.stringify({ time, level: at, msg, ...fields }, bounded);
    if (line.length > LOG_MAX_LINE) {
      line = JSON.stringify({ time, level: at, msg: clip(msg), truncated: true, characters: line.length });
    }
    sink(`${line}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = createLogger('silent');
