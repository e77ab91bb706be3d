import type { ServiceDefinition } from '../operation.js';
import type { Protocol } from '../protocols/protocol.js';
import { ecsService } from './ecs/index.js';
import { iamService } from './iam/index.js';
import { stsService } from './sts/index.js';

/**
 * The service table: every service linkstack speaks, in the order the support matrix and the
 * health route list them. A new service is one more row; its definition names its protocol.
 */
export const supportedServices: readonly ServiceDefinition[] = [iamService, stsService, ecsService];

/** The protocols of the table, each with the services that speak it (the first answers errors before routing). */
export const protocols: ReadonlyMap<Protocol, readonly ServiceDefinition[]> = (() => {
  const byProtocol = new Map<Protocol, ServiceDefinition[]>();
  for (const s of supportedServices) {
    const list = byProtocol.get(s.protocol) ?? [];
    list.push(s);
    byProtocol.set(s.protocol, list);
  }
  return byProtocol;
})();
