import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ecsService } from '../../server/services/ecs/index.js';
import { iamService } from '../../server/services/iam/index.js';
import { stsService } from '../../server/services/sts/index.js';
import { ecsErrors } from '../../state/ecs/errors.js';
import type { AwsError } from '../../state/errors.js';
import { iamErrors } from '../../state/iam/errors.js';
import { stsErrors } from '../../state/sts/errors.js';
import { ecsCases } from './cases/ecs.js';
import { iamCases } from './cases/iam.js';
import { stsCases } from './cases/sts.js';
import { resolveInput, type Cases } from './cases/types.js';
import { errorProblems, startConformance, successProblems, type Conformance, type Vars } from './harness.js';
import { errorCodeOf, serviceModel, type ModelledService } from './models.js';
import { jsonBody, queryForm, withEveryMember } from './plausible.js';

/**
 * Every operation in the support matrix, checked against AWS's own model (botocore's
 * service-2.json): a valid request's raw answer against the output shape, an error the model
 * declares for the operation, and a request with every optional member the model defines.
 */

/** Errors any operation of a protocol may answer (AWS's common errors for the query and JSON APIs). */
const COMMON: Record<ModelledService, readonly string[]> = {
  iam: ['ValidationError', 'InvalidAction', 'AccessDenied', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'MissingAuthenticationToken', 'IncompleteSignature', 'ExpiredToken', 'RequestExpired', 'MalformedQueryString', 'MissingAction', 'MissingParameter', 'InvalidParameterValue', 'NoSuchVersion', 'ServiceUnavailable', 'Throttling', 'InternalFailure', 'RequestEntityTooLarge'],
  sts: ['ValidationError', 'InvalidAction', 'AccessDenied', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'MissingAuthenticationToken', 'IncompleteSignature', 'RequestExpired', 'MalformedQueryString', 'MissingAction', 'MissingParameter', 'InvalidParameterValue', 'NoSuchVersion', 'ServiceUnavailable', 'Throttling', 'InternalFailure', 'RequestEntityTooLarge'],
  ecs: ['AccessDeniedException', 'UnrecognizedClientException', 'InvalidSignatureException', 'IncompleteSignature', 'MissingAuthenticationTokenException', 'ExpiredTokenException', 'SerializationException', 'UnknownOperationException', 'ThrottlingException', 'ValidationException', 'InternalFailure', 'RequestEntityTooLarge'],
};

/**
 * Codes linkstack throws that a service's model does not declare for any operation, each with
 * why (also in the README's Behaviour notes).
 */
const DELIBERATE: Record<string, string> = {
  'iam ServiceFailure': 'declared per operation as ServiceFailureException; the catalog entry is the internal-error fallback',
};

const SERVICES = {
  iam: { definition: iamService, cases: iamCases as Cases, catalog: iamErrors, region: 'us-east-1' },
  sts: { definition: stsService, cases: stsCases as Cases, catalog: stsErrors, region: 'us-east-1' },
  ecs: { definition: ecsService, cases: ecsCases as Cases, catalog: ecsErrors, region: 'eu-west-1' },
} as const;

let c: Conformance;
beforeAll(async () => {
  c = await startConformance();
});
afterAll(() => c?.close());
beforeEach(() => c.reset());

for (const [service, { definition, cases, region }] of Object.entries(SERVICES) as [ModelledService, (typeof SERVICES)[ModelledService]][]) {
  const model = serviceModel(service);

  describe(`${service}: the conformance cases`, () => {
    it('cover every operation in the operation table, and only those', () => {
      expect(Object.keys(cases).sort()).toEqual([...definition.operations.keys()].sort());
    });

    it(`name only operations of AWS's model`, () => {
      expect([...definition.operations.keys()].filter((op) => !model.operations[op])).toEqual([]);
    });
  });

  for (const operation of [...definition.operations.keys()].sort()) {
    const testCase = cases[operation];
    if (!testCase) continue;
    describe(`${service} ${operation}`, () => {
      const prepare = async (): Promise<Vars> => (await testCase.setup?.(c)) ?? {};

      it(`answers a valid request exactly in the model's output shape`, async () => {
        const vars = await prepare();
        const { error, raw } = await c.attempt(service, operation, resolveInput(testCase.input, vars), region);
        expect(error?.message, 'the valid request failed').toBeUndefined();
        expect(await successProblems(service, operation, raw)).toEqual([]);
      });

      for (const [what, { input, deviations }] of Object.entries(testCase.also ?? {})) {
        it(`answers ${what} in the model's output shape${deviations ? ` (but where ${deviations.why})` : ''}`, async () => {
          const vars = await prepare();
          const { error, raw } = await c.attempt(service, operation, resolveInput(input, vars), region);
          expect(error?.message, 'the valid request failed').toBeUndefined();
          const problems = await successProblems(service, operation, raw);
          expect(problems.filter((p) => !deviations?.allowed.some((re) => re.test(p)))).toEqual([]);
        });
      }

      if (testCase.error) {
        const errorInput = testCase.error;
        it('answers an error the model declares for it, with its status, in the protocol envelope', async () => {
          const vars = await prepare();
          const { output, raw } = await c.attempt(service, operation, resolveInput(errorInput, vars), region);
          expect(output, 'the error request succeeded').toBeUndefined();
          const { code, problems } = await errorProblems(service, operation, raw, COMMON[service]);
          expect(problems).toEqual([]);
          const declared = (model.operations[operation]?.errors ?? []).map((e) => errorCodeOf(model, e.shape).code);
          // A declared error of the operation, not only a common one, wherever the model declares any client error.
          if (declared.some((d) => !/ServiceFailure|ServerException|ServiceUnavailable/.test(d))) expect(declared).toContain(code);
        });
      } else {
        it(`cannot be driven into a declared error: ${testCase.noError}`, () => {
          expect(testCase.noError).toMatch(/\w/);
        });
      }

      it('accepts every optional member the model defines (no member refused as unknown, no 5xx)', async () => {
        const op = model.operations[operation]!;
        if (!op.input) return;
        const vars = await prepare();
        const input = withEveryMember(model, op.input.shape, resolveInput(testCase.input, vars));
        const body = model.metadata.protocol === 'json' ? jsonBody(input) : queryForm(model, op.input.shape, input, operation, model.metadata.apiVersion);
        const raw = await c.raw(service, operation, body, region);
        expect(raw.status, raw.body).toBeLessThan(500);
        if (raw.status >= 400) {
          expect(raw.body).not.toMatch(/SerializationException|not expected|unknown (member|parameter|field)|unrecognized/i);
          const { problems } = await errorProblems(service, operation, raw, COMMON[service]);
          expect(problems.filter((p) => !p.includes('is not declared'))).toEqual([]);
        }
      });
    });
  }
}

/** Builds each catalog entry's error with stand-in arguments, to read its code and status. */
function catalogErrors(catalog: Record<string, (...args: any[]) => AwsError>): { name: string; code: string; status: number }[] {
  const tries: unknown[][] = [['x', 'x', 'x'], [1, 1, 1], [['x'], ['x'], ['x']], [{}, {}, {}]];
  return Object.entries(catalog).map(([name, make]) => {
    for (const args of tries) {
      try {
        const e = make(...args);
        return { name, code: e.code, status: e.status };
      } catch {
        // another kind of argument
      }
    }
    throw new Error(`cannot build catalog entry ${name}`);
  });
}

describe('the error catalogs against the models', () => {
  for (const [service, { catalog }] of Object.entries(SERVICES) as [ModelledService, (typeof SERVICES)[ModelledService]][]) {
    it(`${service}: every code it can throw is declared by some operation of AWS's model, or common, with the model's status`, () => {
      const model = serviceModel(service);
      const declared = new Map<string, number>();
      for (const op of Object.values(model.operations)) for (const e of op.errors ?? []) declared.set(errorCodeOf(model, e.shape).code, errorCodeOf(model, e.shape).status);
      const problems: string[] = [];
      for (const { name, code, status } of catalogErrors(catalog as never)) {
        if (DELIBERATE[`${service} ${code}`] || COMMON[service].includes(code)) continue;
        const modelStatus = declared.get(code);
        if (modelStatus === undefined) problems.push(`${name}: ${code} is declared by no ${service} operation`);
        else if (modelStatus !== status) problems.push(`${name}: ${code} is HTTP ${status}, the model says ${modelStatus}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
