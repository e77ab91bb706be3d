import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLinkstack, type Linkstack } from '../../server/linkstack.js';
import { AdminClient } from './adminClient.js';
import type { Identity, Scenario, Step } from './scenarioFile.js';
import { commandFor, SERVICES, type ServiceName } from './sdkCommands.js';
import { compare, interpolate, plain, readPath, show, UnknownReferenceError, type Json, type Mismatch } from './values.js';

/** What a failed SDK call looks like to an expectation. */
export interface CallError {
  name: string;
  code: string;
  message: string;
  status?: number;
}

export interface StepRecord {
  index: number;
  step: Step;
  /** e.g. `ecs CreateCluster` or `clock +5s`. */
  label: string;
  region?: string;
  as?: string;
  /** The input after `${…}` substitution. */
  input?: Json;
  answer?: Json;
  error?: CallError;
  polls?: number;
  /** Emulated milliseconds since the scenario started, read from the server clock. */
  elapsedMs?: number;
  saved: Record<string, Json>;
  met: boolean;
  /** Why the step is unmet: a sentence, and for expectations the differences. */
  problem?: string;
  mismatches?: Mismatch[];
}

export interface ScenarioRun {
  scenario: Scenario;
  endpoint: string;
  mode: 'in-process' | 'endpoint';
  startedAt?: string;
  steps: StepRecord[];
  passed: boolean;
  /** Set when the replay could not run at all (server unreachable, admin route missing, …). */
  setupProblem?: string;
  /** Why a running server (`--endpoint`) cannot tell this story, e.g. it was not started strict. */
  skipped?: string;
  notes: string[];
}

export interface ReplayReporter {
  scenarioStart?(run: ScenarioRun): void;
  step?(record: StepRecord, run: ScenarioRun): void;
  scenarioEnd?(run: ScenarioRun): void;
}

export interface ReplayOptions {
  /** Replay against a running server (e.g. the container) instead of a fresh in-process one. */
  endpoint?: string;
  /** The running server's admin token (LINKSTACK_ADMIN_TOKEN), for `endpoint` replays. */
  adminToken?: string;
  reporter?: ReplayReporter;
  /** In-process only: where the story's server listens (default a free port on 127.0.0.1). */
  listen?: { port?: number; host?: string };
  /** Called once the story's server answers, with its endpoint (e.g. to print the dashboard's URL). */
  serverReady?(endpoint: string, run: ScenarioRun): void | Promise<void>;
  /** Awaited before each step: a presenter's pause (`linkstack replay --ui --pace`). */
  beforeStep?(index: number, step: Step, run: ScenarioRun): Promise<void>;
  /** Awaited after the story, before an in-process server closes, so its end can be looked at. */
  beforeClose?(run: ScenarioRun): Promise<void>;
  /**
   * With `endpoint`: add to the server's state instead of resetting it first (seeding a server
   * at start-up with LINKSTACK_INIT).
   */
  keepState?: boolean;
  /** In-process only: deterministic ids (LINKSTACK_ID_SEED) for the story's server, over its `server` settings. */
  idSeed?: string;
  /** Called after each met step, before the next one (tests snapshot a story mid-way). */
  afterStep?: (record: StepRecord, run: ScenarioRun) => Promise<void>;
}

/**
 * Replays one scenario and stops at the first unmet expectation. In-process, each scenario gets
 * its own server started with the scenario's settings; against `endpoint`, the server is reset
 * first (it is a demo server, not one whose state matters).
 */
export async function replayScenario(scenario: Scenario, options: ReplayOptions = {}): Promise<ScenarioRun> {
  let server: Linkstack | undefined;
  const endpoint = options.endpoint ?? '';
  const run: ScenarioRun = { scenario, endpoint, mode: options.endpoint ? 'endpoint' : 'in-process', steps: [], passed: false, notes: [] };
  try {
    if (!options.endpoint) {
      server = await startLinkstack({
        env: scenario.server,
        port: options.listen?.port ?? 0,
        host: options.listen?.host ?? '127.0.0.1',
        logLevel: 'silent',
        clock: scenario.frozenAt,
        ...(options.idSeed !== undefined ? { idSeed: options.idSeed } : {}),
      });
      run.endpoint = server.endpoint;
    }
    await options.serverReady?.(run.endpoint, run);
    const admin = new AdminClient(run.endpoint, server ? server.config.adminToken : options.adminToken);
    const replayer = new Replayer(scenario, run, admin);
    try {
      await replayer.prepare(!!options.endpoint, options.keepState === true);
    } catch (e) {
      run.setupProblem = (e as Error).message;
    }
    if (run.setupProblem || run.skipped) {
      run.passed = !!run.skipped && !run.setupProblem;
      options.reporter?.scenarioStart?.(run);
      options.reporter?.scenarioEnd?.(run);
      return run;
    }
    options.reporter?.scenarioStart?.(run);
    run.passed = true;
    for (let i = 0; i < scenario.steps.length; i++) {
      await options.beforeStep?.(i, scenario.steps[i]!, run);
      const record = await replayer.step(i);
      run.steps.push(record);
      options.reporter?.step?.(record, run);
      if (!record.met) {
        run.passed = false;
        break;
      }
      await options.afterStep?.(record, run);
    }
    await replayer.finish(!!options.endpoint);
    options.reporter?.scenarioEnd?.(run);
    await options.beforeClose?.(run);
    return run;
  } finally {
    await server?.close();
  }
}

class Replayer {
  private readonly vars = new Map<string, unknown>();
  private readonly clients = new Map<string, { send(command: unknown): Promise<unknown> }>();
  private startMs?: number;
  private frozeIt = false;

  constructor(
    private readonly scenario: Scenario,
    private readonly run: ScenarioRun,
    private readonly admin: AdminClient,
  ) {}

  async prepare(remote: boolean, keepState: boolean): Promise<void> {
    if (remote) {
      await this.admin.health();
      if (!(await this.enforcementMatches())) return;
      if (!keepState) await this.admin.reset();
      await this.applySettings();
      if (this.scenario.frozenAt) {
        await this.admin.clock({ freeze: this.scenario.frozenAt });
        this.frozeIt = true;
      }
    }
    // Elapsed emulated time needs the admin clock route; a server without one still replays.
    const clock = await this.admin.clock().catch(() => undefined);
    if (clock) {
      this.startMs = Date.parse(clock.now);
      this.run.startedAt = clock.now;
    }
    this.vars.set('region', this.scenario.region);
    const caller = (await this.client('sts', this.scenario.region, this.scenario.identities.root!).send(new GetCallerIdentityCommand({}))) as { Account?: string };
    this.vars.set('account', caller.Account);
  }

  /**
   * Enforcement is fixed when a server starts, so a running one either tells the story or not.
   * Strict mode is recognisable from outside: it refuses an access key it never issued.
   */
  private async enforcementMatches(): Promise<boolean> {
    const wanted = this.scenario.server.LINKSTACK_ENFORCE_IAM;
    if (wanted === undefined) return true;
    const stranger = { accessKeyId: 'AKIALINKSTACKPROBE00', secretAccessKey: 'probe' };
    const strict = await this.client('sts', this.scenario.region, stranger)
      .send(new GetCallerIdentityCommand({}))
      .then(
        () => false,
        (e: Error & { Code?: string }) => (e.Code ?? e.name) === 'InvalidClientTokenId',
      );
    if ((wanted === 'strict') === strict) return true;
    this.run.skipped = `this story needs a server started with LINKSTACK_ENFORCE_IAM=${wanted}; the one at ${this.run.endpoint} runs ${strict ? 'strict' : 'off or soft'}`;
    return false;
  }

  /** Deletion timings and the usage report are per-account settings a running server takes by the admin API. */
  private async applySettings(): Promise<void> {
    const s = this.scenario.server;
    const deletion = {
      ...(s.LINKSTACK_DELETION_START_MS !== undefined ? { startDelayMs: Number(s.LINKSTACK_DELETION_START_MS) } : {}),
      ...(s.LINKSTACK_DELETION_DURATION_MS !== undefined ? { durationMs: Number(s.LINKSTACK_DELETION_DURATION_MS) } : {}),
    };
    const settings = {
      ...(Object.keys(deletion).length ? { deletion } : {}),
      ...(s.LINKSTACK_USAGE_REPORT !== undefined ? { usageReport: s.LINKSTACK_USAGE_REPORT } : {}),
    };
    if (Object.keys(settings).length) await this.admin.config(settings);
  }

  async finish(remote: boolean): Promise<void> {
    // A shared server should not stay frozen after a demo.
    if (remote && this.frozeIt) await this.admin.clock({ unfreeze: true }).catch(() => undefined);
  }

  private client(service: ServiceName, region: string, identity: Identity) {
    const key = `${service} ${region} ${identity.accessKeyId} ${identity.secretAccessKey} ${identity.sessionToken ?? ''}`;
    let c = this.clients.get(key);
    if (!c) {
      const Client = SERVICES[service].client as unknown as new (config: unknown) => { send(command: unknown): Promise<unknown> };
      // No retries: a story shows each answer exactly as the SDK raised it.
      c = new Client({ endpoint: this.run.endpoint, region, credentials: identity, maxAttempts: 1 });
      this.clients.set(key, c);
    }
    return c;
  }

  private async elapsed(): Promise<number | undefined> {
    if (this.startMs === undefined) return undefined;
    const { now } = await this.admin.clock();
    return Date.parse(now) - this.startMs;
  }

  async step(index: number): Promise<StepRecord> {
    const step = this.scenario.steps[index]!;
    const record: StepRecord = { index, step, label: labelOf(step), saved: {}, met: true };
    try {
      const outcome = await this.perform(step, record);
      if (outcome !== undefined) {
        this.check(step, record);
        if (record.met && step.save) this.save(step.save, record);
      }
    } catch (e) {
      record.met = false;
      record.problem = e instanceof UnknownReferenceError ? `${e.message} (the saved value has no such member)` : (e as Error).message;
    }
    record.elapsedMs = await this.elapsed().catch(() => undefined);
    return record;
  }

  /** Runs the step; resolves with the record filled with answer or error. */
  private async perform(step: Step, record: StepRecord): Promise<true | undefined> {
    switch (step.kind) {
      case 'call': {
        const region = String(interpolate(step.region ?? this.scenario.region, this.vars));
        const identity = interpolate(this.scenario.identities[step.as], this.vars) as Identity;
        const input = interpolate(step.input, this.vars);
        Object.assign(record, { region, as: step.as, input: plain(input) });
        const Command = commandFor(step.service, step.operation)!;
        const client = this.client(step.service, region, identity);
        const poll = step.pollUntil;
        for (let attempt = 1; ; attempt++) {
          await this.call(client, new Command(input), record);
          if (!poll) return true;
          record.polls = attempt;
          if (record.error) return true;
          const value = readPath(record.answer, poll.path);
          if (poll.in.some((v) => compare(v, value).length === 0)) return true;
          if (attempt >= poll.maxAttempts) {
            record.met = false;
            record.problem = `${poll.path} was still ${show(value)} after ${attempt} polls ${poll.everySeconds}s apart (waiting for ${poll.in.map((v) => show(v)).join(' or ')})`;
            return undefined;
          }
          await this.wait(poll.everySeconds);
        }
      }
      case 'clock': {
        record.input = plain(step.clock);
        record.answer = plain(await this.admin.clock(step.clock));
        return true;
      }
      case 'config': {
        const account = step.account === undefined ? undefined : String(interpolate(step.account, this.vars));
        record.input = plain(interpolate(step.config, this.vars));
        record.answer = plain(await this.admin.config(record.input as Record<string, unknown>, account));
        return true;
      }
      case 'session': {
        const account = step.account === undefined ? undefined : String(interpolate(step.account, this.vars));
        record.input = plain(interpolate(step.session, this.vars));
        record.region = step.session.region;
        record.answer = plain(await this.admin.session(record.input as typeof step.session, account));
        return true;
      }
    }
  }

  private async call(client: { send(command: unknown): Promise<unknown> }, command: unknown, record: StepRecord): Promise<void> {
    record.answer = undefined;
    record.error = undefined;
    try {
      record.answer = plain(await client.send(command)) ?? {};
    } catch (e) {
      const err = e as Error & { Code?: string; Error?: { Code?: string }; $metadata?: { httpStatusCode?: number } };
      if (!err.$metadata) throw new Error(`the call did not reach an answer: ${err.message}`);
      record.error = {
        name: err.name,
        code: err.Code ?? err.Error?.Code ?? err.name,
        message: err.message,
        ...(err.$metadata.httpStatusCode !== undefined ? { status: err.$metadata.httpStatusCode } : {}),
      };
    }
  }

  /** Between polls: move a frozen clock, or let real time pass on a running one. */
  private async wait(seconds: number): Promise<void> {
    const { frozen } = await this.admin.clock();
    if (frozen) await this.admin.clock({ advanceSeconds: seconds });
    else await sleep(seconds * 1000);
  }

  private check(step: Step, record: StepRecord): void {
    const expect = step.expect;
    if (expect?.error !== undefined) {
      if (!record.error) {
        record.met = false;
        record.problem = `expected the call to fail with ${show(expect.error)}, but it succeeded`;
        return;
      }
      const mismatches = compare(interpolate(expect.error, this.vars), record.error);
      if (mismatches.length) Object.assign(record, { met: false, mismatches, problem: 'the error is not the one expected' });
      return;
    }
    if (record.error) {
      record.met = false;
      record.problem = `the call failed: ${record.error.name}: ${record.error.message}`;
      return;
    }
    if (expect?.result !== undefined) {
      const mismatches = compare(interpolate(expect.result, this.vars), record.answer);
      if (mismatches.length) Object.assign(record, { met: false, mismatches, problem: 'the answer is not the one expected' });
    }
  }

  private save(save: Record<string, string>, record: StepRecord): void {
    for (const [name, path] of Object.entries(save)) {
      const value = readPath(record.answer, path);
      if (value === undefined) {
        record.met = false;
        record.problem = `nothing at ${path} in the answer to save as \${${name}}`;
        return;
      }
      this.vars.set(name, value);
      record.saved[name] = value as Json;
    }
  }
}

export function labelOf(step: Step): string {
  switch (step.kind) {
    case 'call':
      return `${step.service} ${step.operation}`;
    case 'clock': {
      const parts = [
        step.clock.freeze === true ? 'freeze' : step.clock.freeze ? `freeze at ${step.clock.freeze}` : '',
        step.clock.advanceSeconds !== undefined ? `+${step.clock.advanceSeconds}s` : '',
        step.clock.unfreeze ? 'unfreeze' : '',
      ];
      return `clock ${parts.filter(Boolean).join(', ')}`;
    }
    case 'config':
      return 'admin config';
    case 'session':
      return 'admin session';
  }
}
