import Transport from 'winston-transport';
import { createLogger, type Logger } from './create-logger';

/**
 * A logger that keeps its lines in memory, after the same redaction as production: tests assert on
 * what would really have been written (and on what never is, like API keys).
 */
export function createMemoryLogger(service: string): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  class MemoryTransport extends Transport {
    override log(info: Record<string, unknown>, done: () => void): void {
      lines.push({ ...info });
      done();
    }
  }
  return { logger: createLogger({ service, level: 'debug', transports: [new MemoryTransport()] }), lines };
}
