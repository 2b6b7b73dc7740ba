/**
 * A logger whose JSON lines a test reads back, emptied before every test of the file.
 */
import { beforeEach } from 'vitest';
import { createLogger, type LogLevel } from '../../src/logger.ts';

/** One log line, parsed. */
export interface LogEntry {
  level: string;
  msg: string;
  code?: string;
  [key: string]: unknown;
}

export function useLogCapture(level: LogLevel = 'debug') {
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
  });
  return {
    lines,
    logger: createLogger(level, (line) => lines.push(line)),
    entries: () => lines.map((line) => JSON.parse(line) as LogEntry),
  };
}
