import { readFile } from 'node:fs/promises';
import { ConfigError, loadConfig } from '../../server/config.js';
import { commandFor, isServiceName, SERVICES, suggestOperations, type ServiceName } from './sdkCommands.js';
import { jsonErrorOffset, lineAndColumn } from './jsonPosition.js';
import { checkExpectation, isValidPath, referencesIn } from './values.js';

/**
 * The scenario file format (JSON) and its validation. A file is checked whole before anything
 * runs; every problem names the file, the step and the field.
 */

export interface Identity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface Expectation {
  /** Partial match on the answer (see values.ts for `$match`, `$absent`, `$length`, `$contains`). */
  result?: unknown;
  /** The call must fail; each given member must match. */
  error?: { name?: unknown; code?: unknown; message?: unknown; status?: unknown };
}

export interface PollUntil {
  /** Path into the answer, e.g. `Status`. */
  path: string;
  /** Stop polling once the value is one of these. */
  in: unknown[];
  /** Emulated (frozen clock) or real time between polls. */
  everySeconds: number;
  maxAttempts: number;
}

interface StepBase {
  /** One line of narration. */
  say: string;
  expect?: Expectation;
  /** name → path into the answer; later steps use `${name}`. */
  save?: Record<string, string>;
}

export interface CallStep extends StepBase {
  kind: 'call';
  service: ServiceName;
  operation: string;
  region?: string;
  /** An identity name; `root` (the default) is `test`/`test`. */
  as: string;
  input: Record<string, unknown>;
  pollUntil?: PollUntil;
}

export interface ClockStep extends StepBase {
  kind: 'clock';
  clock: { freeze?: true | string; advanceSeconds?: number; unfreeze?: true };
}

export interface ConfigStep extends StepBase {
  kind: 'config';
  config: Record<string, unknown>;
  account?: string;
}

export interface SessionStep extends StepBase {
  kind: 'session';
  session: { roleName: string; region: string; durationSeconds: number };
  account?: string;
}

export type Step = CallStep | ClockStep | ConfigStep | SessionStep;

export interface Scenario {
  file: string;
  title: string;
  description?: string;
  /** Freeze emulated time here when the replay starts (ISO-8601); absent = the real clock. */
  frozenAt?: string;
  /** Start-up settings by their environment variable names (in-process replays apply them). */
  server: Record<string, string>;
  region: string;
  identities: Record<string, Identity>;
  steps: Step[];
}

/** Values every scenario may reference without saving them. */
export const BUILTIN_VALUES = ['account', 'region'] as const;

export class ScenarioFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly step?: { index: number; say?: string },
    readonly field?: string,
  ) {
    const where = [
      file,
      step ? `step ${step.index + 1}${step.say ? ` ("${step.say}")` : ''}` : undefined,
      field ? `field "${field}"` : undefined,
    ].filter(Boolean);
    super(`${where.join(': ')}: ${problem}`);
    this.name = 'ScenarioFileError';
  }
}

export async function loadScenarioFile(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ScenarioFileError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseScenario(file, text);
}

export function parseScenario(file: string, text: string): Scenario {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ScenarioFileError(file, `is not valid JSON: ${describeJsonError(text, e as Error)}`);
  }
  return validateScenario(file, doc);
}

/** JSON.parse's complaint without its offset, plus the line and column people look for. */
function describeJsonError(text: string, e: Error): string {
  const offset = jsonErrorOffset(text);
  const reason = e.message.replace(/ in JSON at position \d+.*$/s, '').replace(/, (\.\.\.)?"[\s\S]*" is not valid JSON$/, '');
  if (offset < 0) return reason;
  const { line, column } = lineAndColumn(text, Math.min(offset, text.length));
  return `${reason} at line ${line}, column ${column}`;
}

const SCENARIO_KEYS = ['title', 'description', 'frozenAt', 'server', 'region', 'identities', 'steps'];
const STEP_KINDS = ['operation', 'clock', 'config', 'session'] as const;
const COMMON_STEP_KEYS = ['say', 'expect', 'save'];
const STEP_KEYS: Record<Step['kind'], string[]> = {
  call: ['service', 'operation', 'region', 'as', 'input', 'pollUntil'],
  clock: ['clock'],
  config: ['config', 'account'],
  session: ['session', 'account'],
};
/**
 * Settings a story may need from its server. Where it listens and logs is the runner's business;
 * the default account is whatever the server's is (stories read it as `${account}`).
 */
const SERVER_SETTINGS = ['LINKSTACK_ENFORCE_IAM', 'LINKSTACK_DELETION_START_MS', 'LINKSTACK_DELETION_DURATION_MS', 'LINKSTACK_USAGE_REPORT'];
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT = /^\d{12}$/;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInstant = (v: unknown) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v));

export function validateScenario(file: string, doc: unknown): Scenario {
  const fail = (problem: string, field?: string): never => {
    throw new ScenarioFileError(file, problem, undefined, field);
  };
  if (!isObject(doc)) fail('must hold a JSON object with "title" and "steps"');
  const d = doc as Obj;
  for (const k of Object.keys(d)) if (!SCENARIO_KEYS.includes(k)) fail(`is not a scenario field (expected one of ${SCENARIO_KEYS.join(', ')})`, k);
  if (typeof d.title !== 'string' || !d.title.trim()) fail('is required: a one-line title', 'title');
  if (d.description !== undefined && typeof d.description !== 'string') fail('must be text', 'description');
  if (d.frozenAt !== undefined && !isInstant(d.frozenAt)) fail('must be an ISO-8601 instant such as 2026-01-15T10:00:00Z', 'frozenAt');
  if (d.region !== undefined && (typeof d.region !== 'string' || !REGION.test(d.region))) fail('must be a region name such as eu-west-1', 'region');

  const server: Record<string, string> = {};
  if (d.server !== undefined) {
    if (!isObject(d.server)) fail('must be an object of settings by environment variable name', 'server');
    for (const [k, v] of Object.entries(d.server as Obj)) {
      if (!SERVER_SETTINGS.includes(k)) fail(`is not a setting a scenario may choose (one of ${SERVER_SETTINGS.join(', ')})`, `server.${k}`);
      if (typeof v !== 'string' && typeof v !== 'number') fail('must be a string or a number', `server.${k}`);
      try {
        loadConfig({ [k]: String(v) });
      } catch (e) {
        if (e instanceof ConfigError) fail(e.message, `server.${k}`);
        throw e;
      }
      server[k] = String(v);
    }
  }

  const identities: Record<string, Identity> = { root: { accessKeyId: 'test', secretAccessKey: 'test' } };
  if (d.identities !== undefined) {
    if (!isObject(d.identities)) fail('must map names to { accessKeyId, secretAccessKey, sessionToken? }', 'identities');
    for (const [name, v] of Object.entries(d.identities as Obj)) {
      const f = `identities.${name}`;
      if (name === 'root') fail('"root" is built in (test/test) and cannot be redefined', f);
      if (!isObject(v)) fail('must be { accessKeyId, secretAccessKey, sessionToken? }', f);
      const id = v as Obj;
      for (const k of Object.keys(id)) if (!['accessKeyId', 'secretAccessKey', 'sessionToken'].includes(k)) fail('is not an identity field', `${f}.${k}`);
      if (typeof id.accessKeyId !== 'string' || !id.accessKeyId) fail('is required', `${f}.accessKeyId`);
      if (typeof id.secretAccessKey !== 'string' || !id.secretAccessKey) fail('is required', `${f}.secretAccessKey`);
      if (id.sessionToken !== undefined && typeof id.sessionToken !== 'string') fail('must be text', `${f}.sessionToken`);
      identities[name] = id as unknown as Identity;
    }
  }

  if (!Array.isArray(d.steps) || d.steps.length === 0) fail('is required: a non-empty array of steps', 'steps');
  const known = new Set<string>(BUILTIN_VALUES);
  const steps = (d.steps as unknown[]).map((raw, index) => validateStep(file, raw, index, identities, known));
  return {
    file,
    title: d.title as string,
    description: d.description as string | undefined,
    frozenAt: d.frozenAt as string | undefined,
    server,
    region: (d.region as string | undefined) ?? 'us-east-1',
    identities,
    steps,
  };
}

function validateStep(file: string, raw: unknown, index: number, identities: Record<string, Identity>, known: Set<string>): Step {
  const say = isObject(raw) && typeof raw.say === 'string' ? raw.say : undefined;
  const fail = (problem: string, field?: string): never => {
    throw new ScenarioFileError(file, problem, { index, say }, field);
  };
  if (!isObject(raw)) return fail('must be an object');
  const s = raw as Obj;
  const kinds = STEP_KINDS.filter((k) => s[k] !== undefined);
  if (kinds.length !== 1) {
    fail(kinds.length === 0 ? `needs one of ${STEP_KINDS.join(', ')}` : `has both ${kinds.join(' and ')}; a step does one thing`, kinds[1] ?? 'operation');
  }
  const kind: Step['kind'] = kinds[0] === 'operation' ? 'call' : (kinds[0] as Step['kind']);
  for (const k of Object.keys(s)) {
    if (!COMMON_STEP_KEYS.includes(k) && !STEP_KEYS[kind].includes(k)) fail(`is not a field of a ${kind} step (allowed: ${[...COMMON_STEP_KEYS, ...STEP_KEYS[kind]].join(', ')})`, k);
  }
  if (typeof s.say !== 'string' || !s.say.trim()) fail('is required: one line of narration', 'say');

  // References must name a value saved by an earlier step (or a built-in one).
  const checkRefs = (value: unknown, field: string) => {
    for (const name of referencesIn(value)) {
      if (!known.has(name)) fail(`\${${name}} is not saved by any earlier step (known: ${[...known].join(', ')})`, field);
    }
  };

  const expect = validateExpect(s.expect, fail);
  if (expect) checkRefs(expect, 'expect');
  if (s.account !== undefined) {
    checkRefs(s.account, 'account');
    if (typeof s.account !== 'string' || (!ACCOUNT.test(s.account) && referencesIn(s.account).size === 0)) fail('must be a 12-digit account id', 'account');
  }

  let step: Step;
  if (kind === 'call') {
    if (!isServiceName(s.service)) fail(`must be one of ${Object.keys(SERVICES).join(', ')}`, 'service');
    const service = s.service as ServiceName;
    if (typeof s.operation !== 'string' || !commandFor(service, s.operation)) {
      const hints = typeof s.operation === 'string' ? suggestOperations(service, s.operation) : [];
      fail(
        `${JSON.stringify(s.operation)} is not an operation of @aws-sdk/client-${service}${hints.length ? ` (did you mean ${hints.join(', ')}?)` : ''}`,
        'operation',
      );
    }
    if (s.region !== undefined) {
      checkRefs(s.region, 'region');
      if (typeof s.region !== 'string' || (!REGION.test(s.region) && referencesIn(s.region).size === 0)) fail('must be a region name such as eu-west-1', 'region');
    }
    const as = s.as ?? 'root';
    if (typeof as !== 'string' || !identities[as]) fail(`names no identity (known: ${Object.keys(identities).join(', ')})`, 'as');
    checkRefs(identities[as as string], `as (identity ${as as string})`);
    if (s.input !== undefined && !isObject(s.input)) fail('must be an object: the SDK command input', 'input');
    checkRefs(s.input, 'input');
    let pollUntil: PollUntil | undefined;
    if (s.pollUntil !== undefined) pollUntil = validatePoll(s.pollUntil, fail);
    step = {
      kind,
      say: s.say as string,
      service,
      operation: s.operation as string,
      region: s.region as string | undefined,
      as: as as string,
      input: (s.input as Obj | undefined) ?? {},
      pollUntil,
    };
  } else if (kind === 'clock') {
    const c = s.clock;
    if (!isObject(c)) return fail('must be { "freeze"?: true | ISO-8601, "advanceSeconds"?: n, "unfreeze"?: true }', 'clock');
    for (const k of Object.keys(c)) if (!['freeze', 'advanceSeconds', 'unfreeze'].includes(k)) fail('is not a clock field (freeze, advanceSeconds, unfreeze)', `clock.${k}`);
    if (Object.keys(c).length === 0) fail('says nothing to do', 'clock');
    if (c.freeze !== undefined && c.freeze !== true && !isInstant(c.freeze)) fail('must be true or an ISO-8601 instant', 'clock.freeze');
    if (c.advanceSeconds !== undefined && !(typeof c.advanceSeconds === 'number' && c.advanceSeconds >= 0 && Number.isFinite(c.advanceSeconds))) {
      fail('must be a non-negative number of seconds', 'clock.advanceSeconds');
    }
    if (c.unfreeze !== undefined && c.unfreeze !== true) fail('must be true', 'clock.unfreeze');
    step = { kind, say: s.say as string, clock: c as ClockStep['clock'] };
  } else if (kind === 'config') {
    if (!isObject(s.config) || Object.keys(s.config).length === 0) fail('must be an object with the settings to change (see PUT /_linkstack/config)', 'config');
    checkRefs(s.config, 'config');
    step = { kind, say: s.say as string, config: s.config as Obj, account: s.account as string | undefined };
  } else {
    const se = s.session;
    if (!isObject(se)) return fail('must be { roleName, region, durationSeconds }', 'session');
    for (const k of Object.keys(se)) if (!['roleName', 'region', 'durationSeconds'].includes(k)) fail('is not a session field (roleName, region, durationSeconds)', `session.${k}`);
    if (typeof se.roleName !== 'string' || !se.roleName) fail('is required', 'session.roleName');
    if (typeof se.region !== 'string' || !REGION.test(se.region)) fail('must be a region name such as eu-west-1', 'session.region');
    if (!(Number.isInteger(se.durationSeconds) && (se.durationSeconds as number) > 0)) fail('must be a positive whole number of seconds', 'session.durationSeconds');
    checkRefs(se, 'session');
    step = { kind, say: s.say as string, session: se as SessionStep['session'], account: s.account as string | undefined };
  }

  if (expect) step.expect = expect;
  if (s.save !== undefined) {
    if (!isObject(s.save) || Object.keys(s.save).length === 0) fail('must map names to paths in the answer, e.g. { "taskId": "DeletionTaskId" }', 'save');
    if (expect?.error) fail('cannot save from a call that is expected to fail', 'save');
    for (const [name, path] of Object.entries(s.save as Obj)) {
      if (!/^[A-Za-z_]\w*$/.test(name)) fail('must be a name of letters, digits and _', `save.${name}`);
      if ((BUILTIN_VALUES as readonly string[]).includes(name)) fail(`"${name}" is built in and cannot be saved over`, `save.${name}`);
      if (typeof path !== 'string' || !isValidPath(path)) fail('must be a path into the answer such as Role.Arn or clusters[0].clusterArn', `save.${name}`);
    }
    step.save = s.save as Record<string, string>;
    for (const name of Object.keys(step.save)) known.add(name);
  }
  return step;
}

function validateExpect(raw: unknown, fail: (problem: string, field?: string) => never): Expectation | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) return fail('must be { "result": … } or { "error": … }', 'expect');
  for (const k of Object.keys(raw)) if (k !== 'result' && k !== 'error') fail('is not an expectation (result or error)', `expect.${k}`);
  if (raw.result !== undefined && raw.error !== undefined) fail('cannot expect both a result and an error', 'expect');
  if (raw.result === undefined && raw.error === undefined) fail('must have "result" or "error"', 'expect');
  if (raw.error !== undefined) {
    if (!isObject(raw.error) || Object.keys(raw.error).length === 0) fail('must name at least one of name, code, message, status', 'expect.error');
    for (const k of Object.keys(raw.error as Obj)) {
      if (!['name', 'code', 'message', 'status'].includes(k)) fail('is not an error member (name, code, message, status)', `expect.error.${k}`);
    }
  }
  const problem = checkExpectation(raw.result ?? raw.error);
  if (problem) fail(problem, raw.result !== undefined ? 'expect.result' : 'expect.error');
  return raw as Expectation;
}

function validatePoll(raw: unknown, fail: (problem: string, field?: string) => never): PollUntil {
  if (!isObject(raw)) return fail('must be { "path", "in": [...], "everySeconds"?, "maxAttempts"? }', 'pollUntil');
  for (const k of Object.keys(raw)) if (!['path', 'in', 'everySeconds', 'maxAttempts'].includes(k)) fail('is not a pollUntil field (path, in, everySeconds, maxAttempts)', `pollUntil.${k}`);
  if (typeof raw.path !== 'string' || !isValidPath(raw.path)) fail('must be a path into the answer such as Status', 'pollUntil.path');
  if (!Array.isArray(raw.in) || raw.in.length === 0) fail('must list the values that end the polling', 'pollUntil.in');
  const every = raw.everySeconds ?? 1;
  if (!(typeof every === 'number' && every > 0 && every <= 3600)) fail('must be a number of seconds between 0 and 3600', 'pollUntil.everySeconds');
  const max = raw.maxAttempts ?? 30;
  if (!(Number.isInteger(max) && (max as number) >= 1 && (max as number) <= 1000)) fail('must be a whole number from 1 to 1000', 'pollUntil.maxAttempts');
  return { path: raw.path as string, in: raw.in as unknown[], everySeconds: every as number, maxAttempts: max as number };
}
