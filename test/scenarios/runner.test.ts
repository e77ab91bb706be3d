import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replayScenario } from '../../scenarios/runner/replay.js';
import { replayFiles } from '../../scenarios/runner/replayFiles.js';
import { parseScenario } from '../../scenarios/runner/scenarioFile.js';
import { timelineReporter, wantsColor } from '../../scenarios/runner/timeline.js';
import { startLinkstack, type Linkstack } from '../../server/linkstack.js';

const story = (steps: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ title: 'A story', frozenAt: '2026-01-15T10:00:00Z', ...extra, steps }, null, 2);

const getMissingRole = {
  say: 'No role yet.',
  service: 'iam',
  operation: 'GetRole',
  input: { RoleName: 'AWSServiceRoleForECS' },
  expect: { error: { name: 'NoSuchEntityException', status: 404 } },
};

const createRole = {
  say: 'Create the role.',
  service: 'iam',
  operation: 'CreateServiceLinkedRole',
  input: { AWSServiceName: 'ecs.amazonaws.com' },
  save: { arn: 'Role.Arn' },
};

async function replayText(text: string, options: { endpoint?: string } = {}) {
  let timeline = '';
  const run = await replayScenario(parseScenario('story.json', text), {
    ...options,
    reporter: timelineReporter({ write: (t) => (timeline += t), color: false }),
  });
  return { run, timeline };
}

describe('scenario files: a bad file is refused before anything runs, naming file, step and field', () => {
  const problem = (text: string) => {
    try {
      parseScenario('scenarios/bad.json', text);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('the file was accepted');
  };

  it('bad JSON: the line and column of the mistake', () => {
    expect(problem('{\n  "title": "x",\n  "steps": [,]\n}')).toBe("scenarios/bad.json: is not valid JSON: Unexpected token ',' at line 3, column 13");
    expect(problem('{\n  "title": "x",\n  "steps": []\n')).toBe("scenarios/bad.json: is not valid JSON: Expected ',' or '}' after property value at line 4, column 1");
    expect(problem('{"title": "x" "steps": []}')).toMatch(/^scenarios\/bad\.json: is not valid JSON: .* at line 1, column 15$/);
  });

  it('an unknown operation, with the closest real ones', () => {
    const m = problem(story([{ say: 'Make a cluster.', service: 'ecs', operation: 'CreateClustr', input: {} }]));
    expect(m).toBe(
      'scenarios/bad.json: step 1 ("Make a cluster."): field "operation": "CreateClustr" is not an operation of @aws-sdk/client-ecs (did you mean CreateCluster?)',
    );
  });

  it('an unknown service', () => {
    expect(problem(story([{ say: 'x', service: 's3', operation: 'ListBuckets' }]))).toBe(
      'scenarios/bad.json: step 1 ("x"): field "service": must be one of iam, sts, ecs',
    );
  });

  it('missing fields: title, steps, narration', () => {
    expect(problem('{"steps": []}')).toBe('scenarios/bad.json: field "title": is required: a one-line title');
    expect(problem('{"title": "t"}')).toBe('scenarios/bad.json: field "steps": is required: a non-empty array of steps');
    expect(problem(story([getMissingRole, { service: 'iam', operation: 'GetRole' }]))).toBe(
      'scenarios/bad.json: step 2: field "say": is required: one line of narration',
    );
  });

  it('a step that does nothing, or two things', () => {
    expect(problem(story([{ say: 'Hm.' }]))).toMatch(/step 1 \("Hm\."\): field "operation": needs one of operation, clock, config, session/);
    expect(problem(story([{ say: 'Both.', service: 'iam', operation: 'GetRole', clock: { advanceSeconds: 1 } }]))).toMatch(
      /step 1 \("Both\."\): field "clock": has both operation and clock/,
    );
  });

  it('a misspelt field', () => {
    expect(problem(story([{ ...getMissingRole, expcet: {} }]))).toMatch(/step 1 \("No role yet\."\): field "expcet": is not a field of a call step/);
  });

  it('a reference to a value no earlier step saves', () => {
    const m = problem(story([{ say: 'Poll.', service: 'iam', operation: 'GetServiceLinkedRoleDeletionStatus', input: { DeletionTaskId: '${taskId}' } }]));
    expect(m).toBe('scenarios/bad.json: step 1 ("Poll."): field "input": ${taskId} is not saved by any earlier step (known: account, region)');
  });

  it('an unknown identity, a bad region, a bad expectation operator', () => {
    expect(problem(story([{ ...getMissingRole, as: 'alice' }]))).toMatch(/field "as": names no identity \(known: root\)/);
    expect(problem(story([{ ...getMissingRole, region: 'Europe' }]))).toMatch(/field "region": must be a region name/);
    expect(problem(story([{ ...createRole, expect: { result: { Role: { RoleName: { $regex: 'x' } } } } }]))).toMatch(
      /field "expect.result": Role.RoleName.\$regex is not an operator/,
    );
  });

  it('server settings are checked as the Configuration table checks them', () => {
    expect(problem(story([getMissingRole], { server: { LINKSTACK_ENFORCE_IAM: 'very' } }))).toBe(
      'scenarios/bad.json: field "server.LINKSTACK_ENFORCE_IAM": LINKSTACK_ENFORCE_IAM must be off, soft or strict, not \'very\'',
    );
    expect(problem(story([getMissingRole], { server: { PORT: '1' } }))).toMatch(/field "server.PORT": is not a setting a scenario may choose/);
  });
});

describe('replay', () => {
  it('saves values from an answer and substitutes them in later steps', async () => {
    const { run, timeline } = await replayText(
      story([
        createRole,
        { say: 'Read it back.', service: 'iam', operation: 'GetRole', input: { RoleName: 'AWSServiceRoleForECS' }, expect: { result: { Role: { Arn: '${arn}' } } } },
      ]),
    );
    expect(run.passed, timeline).toBe(true);
    expect(run.steps[0]!.saved.arn).toBe('arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS');
  });

  it('reads into a saved object with ${name.member}, and a missing member is unmet, not a crash', async () => {
    const { run, timeline } = await replayText(
      story([
        { ...createRole, save: { role: 'Role' } },
        { say: 'Use a member.', service: 'iam', operation: 'GetRole', input: { RoleName: '${role.RoleName}' }, expect: { result: { Role: { Arn: '${role.Arn}' } } } },
        { say: 'Use a missing one.', service: 'iam', operation: 'GetRole', input: { RoleName: '${role.Nope}' } },
      ]),
    );
    expect(run.steps[1]!.met, timeline).toBe(true);
    expect(run.steps[2]!.problem).toBe('${role.Nope} is not a saved value (the saved value has no such member)');
  });

  it('stops at the first unmet expectation and prints a diff naming each path', async () => {
    const { run, timeline } = await replayText(
      story([
        createRole,
        {
          say: 'Expect the wrong things.',
          service: 'iam',
          operation: 'GetRole',
          input: { RoleName: 'AWSServiceRoleForECS' },
          expect: { result: { Role: { Path: '/', MaxSessionDuration: 3600, Tags: { $length: 2 } } } },
        },
        getMissingRole,
      ]),
    );
    expect(run.passed).toBe(false);
    expect(run.steps).toHaveLength(2);
    expect(run.steps[1]!.mismatches).toEqual([
      { path: 'Role.Path', expected: '"/"', actual: '"/aws-service-role/ecs.amazonaws.com/"' },
      { path: 'Role.Tags', expected: 'length 2', actual: 'nothing' },
    ]);
    expect(timeline).toContain('✗ step 2 is not met: the answer is not the one expected');
    expect(timeline).toContain('Role.Path\n        expected "/"\n             got "/aws-service-role/ecs.amazonaws.com/"');
    expect(timeline).toContain('✗ A story: stopped at step 2 of 3');
  });

  it('an unexpected error is unmet, and so is success where an error was expected', async () => {
    const failed = await replayText(story([{ ...getMissingRole, expect: undefined }]));
    expect(failed.run.steps[0]!.problem).toBe('the call failed: NoSuchEntityException: The role with name AWSServiceRoleForECS cannot be found.');
    const succeeded = await replayText(story([{ ...createRole, save: undefined, expect: { error: { name: 'InvalidInputException' } } }]));
    expect(succeeded.run.steps[0]!.problem).toBe('expected the call to fail with {"name":"InvalidInputException"}, but it succeeded');
  });

  it('partial matching: $match, $absent, $contains with $length', async () => {
    const { run, timeline } = await replayText(
      story([
        {
          ...createRole,
          expect: {
            result: {
              Role: {
                RoleId: { $match: '^AROA' },
                PermissionsBoundary: { $absent: true },
                RoleName: { $length: 20 },
              },
            },
          },
        },
      ]),
    );
    expect(run.passed, timeline).toBe(true);
  });

  it('against --endpoint: resets the running server first, then replays', async () => {
    const server: Linkstack = await startLinkstack();
    try {
      const first = await replayText(story([getMissingRole, createRole], { frozenAt: undefined }), { endpoint: server.endpoint });
      expect(first.run.passed, first.timeline).toBe(true);
      expect(first.run.mode).toBe('endpoint');
      const again = await replayText(story([getMissingRole, createRole], { frozenAt: undefined }), { endpoint: server.endpoint });
      expect(again.run.passed, again.timeline).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('against --endpoint: deletion timings and the usage report go to the server by the admin API', async () => {
    const server = await startLinkstack({ clock: '2026-01-15T10:00:00Z' });
    try {
      const instant = story(
        [
          createRole,
          { say: 'Delete.', service: 'iam', operation: 'DeleteServiceLinkedRole', input: { RoleName: 'AWSServiceRoleForECS' }, save: { id: 'DeletionTaskId' } },
          // With both timings 0 the task is over as soon as it is submitted.
          { say: 'Done at once.', service: 'iam', operation: 'GetServiceLinkedRoleDeletionStatus', input: { DeletionTaskId: '${id}' }, expect: { result: { Status: 'SUCCEEDED' } } },
        ],
        { server: { LINKSTACK_DELETION_START_MS: '0', LINKSTACK_DELETION_DURATION_MS: '0', LINKSTACK_USAGE_REPORT: 'none' } },
      );
      const { run, timeline } = await replayText(instant, { endpoint: server.endpoint });
      expect(run.passed, timeline).toBe(true);
      expect(server.store.account().config).toMatchObject({ deletion: { startDelayMs: 0, durationMs: 0 }, usageReport: 'none' });
    } finally {
      await server.close();
    }
  });

  it('against --endpoint: a story that needs strict enforcement is skipped by a server that is not strict, and told by one that is', async () => {
    const strictStory = story([{ ...getMissingRole, as: 'stranger', expect: { error: { code: 'InvalidClientTokenId' } } }], {
      server: { LINKSTACK_ENFORCE_IAM: 'strict' },
      identities: { stranger: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' } },
    });
    const lax = await startLinkstack();
    const strict = await startLinkstack({ enforcement: 'strict' });
    try {
      const skipped = await replayText(strictStory, { endpoint: lax.endpoint });
      expect(skipped.run.passed).toBe(true);
      expect(skipped.run.steps).toHaveLength(0);
      expect(skipped.timeline).toContain(`↷ skipped: this story needs a server started with LINKSTACK_ENFORCE_IAM=strict; the one at ${lax.endpoint} runs off or soft`);
      const told = await replayText(strictStory, { endpoint: strict.endpoint });
      expect(told.run.passed, told.timeline).toBe(true);
      expect(told.run.steps).toHaveLength(1);
    } finally {
      await lax.close();
      await strict.close();
    }
  });

  it('an unreachable endpoint is reported, not thrown', async () => {
    const server = await startLinkstack();
    const endpoint = server.endpoint;
    await server.close();
    const { run, timeline } = await replayText(story([getMissingRole], { frozenAt: undefined }), { endpoint });
    expect(run.passed).toBe(false);
    expect(timeline).toMatch(/✗ cannot replay: GET \/_linkstack\/health answered 0: cannot reach http:\/\/127\.0\.0\.1:\d+/);
  });
});

describe('timeline colours', () => {
  it('only on a terminal, and never with NO_COLOR', () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  });

  it('coloured output carries ANSI codes; plain output none', async () => {
    const text = story([getMissingRole]);
    let coloured = '';
    await replayScenario(parseScenario('s.json', text), { reporter: timelineReporter({ write: (t) => (coloured += t), color: true }) });
    const plain = (await replayText(text)).timeline;
    expect(coloured).toContain('\x1b[32m✓\x1b[39m');
    expect(plain).not.toContain('\x1b[');
  });
});

describe('replayFiles (what `linkstack replay` runs)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'linkstack-scenarios-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string) => writeFile(join(dir, name), text);

  it('checks every file before replaying any, and exits 2 on a bad one', async () => {
    await write('01-good.json', story([getMissingRole]));
    await write('02-bad.json', story([{ say: 'Typo.', service: 'iam', operation: 'GetRoel' }]));
    let out = '';
    const code = await replayFiles([dir], { write: (t) => (out += t), color: false, command: 'linkstack replay' });
    expect(code).toBe(2);
    expect(out).toBe(`linkstack replay: ${join(dir, '02-bad.json')}: step 1 ("Typo."): field "operation": "GetRoel" is not an operation of @aws-sdk/client-iam (did you mean GetRole?)\n`);
  });

  it('exits 0 when all are met and writes a Markdown transcript', async () => {
    await write('01.json', story([getMissingRole, createRole]));
    await write('02.json', story([getMissingRole]));
    let out = '';
    const transcriptFile = join(dir, 'transcript.md');
    const code = await replayFiles([dir], { write: (t) => (out += t), color: false, command: 'linkstack replay dir', transcriptFile });
    expect(code, out).toBe(0);
    expect(out).toContain('2 scenarios replayed: 2 met');
    const md = await readFile(transcriptFile, 'utf8');
    expect(md).toContain('# A story');
    expect(md).toContain('Replayed by `linkstack replay dir` against an in-process linkstack, emulated clock frozen at 2026-01-15T10:00:00Z. Result: all 2 steps met.');
    expect(md).toContain('| 1 | +0s | `iam GetRole` | us-east-1, root | NoSuchEntityException (expected) |');
    expect(md).toContain('### 2. Create the role.');
  });

  it('a transcript of a failed replay marks the step and lists the differences', async () => {
    await write('01.json', story([{ ...createRole, save: undefined, expect: { result: { Role: { Path: '/' } } } }]));
    const transcriptFile = join(dir, 'failed.md');
    expect(await replayFiles([dir], { write: () => undefined, color: false, command: 'x', transcriptFile })).toBe(1);
    const md = await readFile(transcriptFile, 'utf8');
    expect(md).toContain('Result: stopped at step 1 of 1.');
    expect(md).toContain('| 1 | +0s | `iam CreateServiceLinkedRole` | us-east-1, root | **not met**: the answer is not the one expected |');
    expect(md).toContain('- `Role.Path`: expected "/", got "/aws-service-role/ecs.amazonaws.com/"');
  });

  it('a transcript path it cannot write is a bad option: exit 2 before any step, with the reason', async () => {
    await write('01.json', story([createRole]));
    const cases = [
      [join(dir, 'no-such-folder', 't.md'), 'its folder does not exist (ENOENT)'],
      [dir, 'it is a folder (EISDIR)'],
      [join(dir, '01.json', 't.md'), 'a part of its path is not a folder (ENOTDIR)'],
    ];
    for (const [transcriptFile, reason] of cases) {
      let out = '';
      expect(await replayFiles([join(dir, '01.json')], { write: (t) => (out += t), color: false, command: 'x', transcriptFile })).toBe(2);
      expect(out).toBe(`linkstack replay: cannot write the transcript to ${transcriptFile}: ${reason}\n`);
    }
  });

  it('exits 1 on an unmet expectation', async () => {
    await write('01.json', story([createRole, createRole]));
    let out = '';
    expect(await replayFiles([dir], { write: (t) => (out += t), color: false, command: 'x' })).toBe(1);
    expect(out).toContain('✗ step 2 is not met: the call failed: InvalidInputException');
  });

  it('a path that does not exist', async () => {
    let out = '';
    expect(await replayFiles(['no/such/dir'], { write: (t) => (out += t), color: false, command: 'x' })).toBe(2);
    expect(out).toBe('linkstack replay: no/such/dir: does not exist\n');
  });
});
