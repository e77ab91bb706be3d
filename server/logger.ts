import type { FastifyBaseLogger } from 'fastify';
import { createRequire } from 'node:module';
import type pinoModule from 'pino';

type Pino = typeof pinoModule;

/**
 * Pino, loaded when first needed. Bundled (scripts/bundle.mjs, CommonJS), `require('pino')` is
 * esbuild's own inlined copy, evaluated on this call; as tsc's ES modules, there is no `require`.
 */
function loadPino(): Pino {
  return typeof require === 'function' ? (require('pino') as Pino) : (createRequire(import.meta.url)('pino') as Pino);
}

/** Pino options (a `stream` among them is the destination), `true` for pino's defaults, or `false` for no log. */
export type LoggerOption = boolean | Record<string, unknown>;

/**
 * The server's logger. Pino is built on the first line logged (or the first look at the
 * logger), not at start-up: most runs log nothing before their first admin request, and building
 * pino is a tenth of a cold start.
 */
export function createLogger(option: LoggerOption): FastifyBaseLogger {
  if (option === false) return silentLogger();
  let real: FastifyBaseLogger | undefined;
  const make = (): FastifyBaseLogger => {
    if (!real) {
      const { stream, ...options } = option === true ? {} : option;
      const pino = loadPino();
      real = pino({ level: 'info', ...options }, stream as pinoModule.DestinationStream | undefined) as FastifyBaseLogger;
    }
    return real;
  };
  return new Proxy({} as FastifyBaseLogger, {
    get(_target, key) {
      const target = make();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set(_target, key, value) {
      return Reflect.set(make(), key, value);
    },
  });
}

function silentLogger(): FastifyBaseLogger {
  const none = () => undefined;
  const logger = { level: 'silent', fatal: none, error: none, warn: none, info: none, debug: none, trace: none, silent: none } as unknown as FastifyBaseLogger;
  logger.child = () => logger;
  return logger;
}
