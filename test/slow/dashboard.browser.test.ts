import { CreateAccessKeyCommand, CreateUserCommand, DeleteServiceLinkedRoleCommand } from '@aws-sdk/client-iam';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { replayScenario, type ScenarioRun } from '../../scenarios/runner/replay.js';
import { loadScenarioFile } from '../../scenarios/runner/scenarioFile.js';
import { forgetUiFiles } from '../../server/dashboard/assets.js';
import { startLinkstack, type Linkstack } from '../../server/linkstack.js';
// @ts-expect-error: a plain ES module script without types
import { buildUi } from '../../scripts/bundleUi.mjs';

/**
 * The dashboard in a real browser (Debian's Chromium, driven by playwright-core). Screenshots of
 * the key moments go to test-artifacts/dashboard/ (CI keeps them as artifacts).
 */

const CHROMIUM = process.env.LINKSTACK_CHROMIUM ?? '/usr/bin/chromium';
// The flags this machine needs: no sandbox as root, and no background connections to a closed network.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = 'test-artifacts/dashboard';

let browser: Browser;
let linkstack: Linkstack | undefined;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set LINKSTACK_CHROMIUM)`);
  await buildUi();
  forgetUiFiles();
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  await page?.close();
  await linkstack?.close();
  linkstack = undefined;
});

async function openDashboard(endpoint: string): Promise<Page> {
  page = await browser.newPage({ viewport: { width: 1300, height: 1300 } });
  await page.goto(`${endpoint}/_linkstack/ui`);
  await page.getByTestId('live').filter({ hasText: 'live' }).waitFor();
  return page;
}

const latestTask = (p: Page) => p.getByTestId('deletion-task').last();

describe('the dashboard during the 5-of-6 story', { timeout: 90_000 }, () => {
  it('shows the role, the deletion task moving, five of six reported across three regions, then the role gone', async () => {
    const scenario = await loadScenarioFile('scenarios/05-partial-report-five-of-six.json');
    const seen: string[] = [];
    let failures = 0;
    let p: Page | undefined;
    const checkAfter = async (run: ScenarioRun) => {
      const record = run.steps.at(-1);
      if (!record || !p || !('operation' in record.step)) return;
      const step = record.step;
      if (step.operation === 'CreateCluster' && seen.length === 0) {
        // The first cluster made the service-linked role.
        await p.locator('[data-testid="role"][data-role="AWSServiceRoleForECS"]').waitFor();
        await expect(p.locator('[data-role="AWSServiceRoleForECS"] .badge.slr').textContent()).resolves.toBe('service-linked');
        seen.push('role');
      }
      if (step.operation === 'DeleteServiceLinkedRole') {
        await latestTask(p).and(p.locator('[data-status="NOT_STARTED"]')).waitFor();
        seen.push('NOT_STARTED');
      }
      if (step.operation === 'GetServiceLinkedRoleDeletionStatus') {
        const status = (record.answer as { Status: string }).Status;
        await latestTask(p).and(p.locator(`[data-status="${status}"]`)).waitFor();
        await expect(latestTask(p).getByTestId('deletion-status').textContent()).resolves.toBe(status);
        seen.push(status);
        if (status === 'FAILED') {
          failures++;
          const report = latestTask(p).getByTestId('usage-report-list');
          if (failures === 1) {
            await expect(report.getByTestId('report-count').textContent()).resolves.toBe('5 of 6 resources reported');
            const regions = await report.getByTestId('report-region').evaluateAll((els) => els.map((e) => e.getAttribute('data-region')));
            expect(regions).toEqual(['ap-northeast-2', 'eu-west-1', 'us-east-1']);
            const flags = await report.getByTestId('report-resource').evaluateAll((els) => els.map((e) => e.getAttribute('data-reported')));
            expect(flags.filter((f) => f === 'true')).toHaveLength(5);
            expect(flags.filter((f) => f === 'false')).toHaveLength(1);
            await expect(report.locator('[data-reported="false"]').textContent()).resolves.toContain(':cluster/legacy');
            await p.screenshot({ path: `${ARTIFACTS}/05-five-of-six-failed.png`, fullPage: true });
          } else {
            await expect(report.getByTestId('report-count').textContent()).resolves.toBe('1 of 1 resources reported');
            await expect(report.getByTestId('report-region').getAttribute('data-region')).resolves.toBe('us-east-1');
            await p.screenshot({ path: `${ARTIFACTS}/05-last-one-failed.png`, fullPage: true });
          }
        }
      }
      if (step.operation === 'GetRole' && record.error) {
        await p.getByTestId('no-roles').waitFor();
        await p.getByTestId('no-clusters').waitFor();
        await p.screenshot({ path: `${ARTIFACTS}/05-succeeded.png`, fullPage: true });
        seen.push('role gone');
      }
    };
    const run = await replayScenario(scenario, {
      serverReady: async (endpoint) => {
        p = await openDashboard(endpoint);
      },
      beforeStep: async (_i, _step, r) => checkAfter(r),
      beforeClose: async (r) => checkAfter(r),
    });
    expect(run.passed).toBe(true);
    expect(seen.filter((s) => s !== 'IN_PROGRESS' && s !== 'NOT_STARTED')).toEqual(['role', 'FAILED', 'FAILED', 'SUCCEEDED', 'role gone']);
    expect(seen).toContain('NOT_STARTED');
  });
});

describe('the request log in the dashboard', { timeout: 60_000 }, () => {
  it('shows a strict-mode denial with its reason one click away', async () => {
    linkstack = await startLinkstack({ enforcement: 'strict', clock: '2026-01-15T10:00:00Z' });
    const { IAMClient } = await import('@aws-sdk/client-iam');
    const root = new IAMClient({ endpoint: linkstack.endpoint, region: 'us-east-1', credentials: linkstack.credentials, maxAttempts: 1 });
    await root.send(new CreateUserCommand({ UserName: 'mallory' }));
    const { AccessKey } = await root.send(new CreateAccessKeyCommand({ UserName: 'mallory' }));
    const p = await openDashboard(linkstack.endpoint);
    const mallory = new IAMClient({
      endpoint: linkstack.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! },
      maxAttempts: 1,
    });
    await expect(mallory.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }))).rejects.toThrow(/not authorized/);
    const row = p.locator('[data-testid="request"][data-operation="DeleteServiceLinkedRole"]');
    await row.waitFor();
    await expect(row.getAttribute('data-status')).resolves.toBe('403');
    await expect(row.getAttribute('class')).resolves.toContain('denied');
    await row.click();
    const detail = p.getByTestId('request-detail');
    await expect(detail.getByTestId('request-error').textContent()).resolves.toMatch(
      /^AccessDenied: User: arn:aws:iam::000000000000:user\/mallory is not authorized to perform: iam:DeleteServiceLinkedRole/,
    );
    await expect(detail.getByTestId('decision').getAttribute('data-decision')).resolves.toBe('implicitDeny');
    await expect(detail.getByTestId('decision-reason').textContent()).resolves.toBe(
      'no statement matched: no identity-based policy allows iam:DeleteServiceLinkedRole',
    );
    await p.getByTestId('errors-only').check();
    await expect(p.getByTestId('request').count()).resolves.toBe(1);
    await p.screenshot({ path: `${ARTIFACTS}/strict-denial.png`, fullPage: true });
  });

  it('asks for the admin token of a server that has one, and works with it', async () => {
    linkstack = await startLinkstack({ adminToken: 'open-sesame', clock: '2026-01-15T10:00:00Z' });
    page = await browser.newPage();
    await page.goto(`${linkstack.endpoint}/_linkstack/ui`);
    await page.getByTestId('token-input').fill('open-sesame');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('live').filter({ hasText: 'live' }).waitFor();
    await expect(page.getByTestId('clock-now').textContent()).resolves.toBe('2026-01-15 10:00:00');
    expect(new URL(page.url()).searchParams.get('token')).toBe('open-sesame');
  });

  it('follows a deployment: tasks PENDING, then RUNNING and the deployment COMPLETED', async () => {
    linkstack = await startLinkstack({ clock: '2026-01-15T10:00:00Z' });
    const { ECSClient, CreateClusterCommand, CreateServiceCommand, RegisterContainerInstanceCommand, RegisterTaskDefinitionCommand } = await import('@aws-sdk/client-ecs');
    const ecs = new ECSClient({ endpoint: linkstack.endpoint, region: 'eu-west-1', credentials: linkstack.credentials, maxAttempts: 1 });
    await ecs.send(new CreateClusterCommand({ clusterName: 'demo' }));
    await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'demo' }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] }));
    await ecs.send(new CreateServiceCommand({ cluster: 'demo', serviceName: 'web', taskDefinition: 'web', desiredCount: 2 }));
    const p = await openDashboard(linkstack.endpoint);
    const service = p.locator('[data-testid="service"][data-service="web"]');
    await service.filter({ hasText: 'IN_PROGRESS' }).waitFor();
    await expect(p.locator('[data-testid="task"][data-status="RUNNING"]').count()).resolves.toBe(0);
    await p.getByTestId('advance-60').click();
    await service.filter({ hasText: 'COMPLETED' }).waitFor();
    await expect(p.locator('[data-testid="task"][data-status="RUNNING"]').count()).resolves.toBe(2);
    await p.screenshot({ path: `${ARTIFACTS}/deployment-completed.png`, fullPage: true });
  });

  it('moves the emulated clock from its controls', async () => {
    linkstack = await startLinkstack({ clock: '2026-01-15T10:00:00Z' });
    const p = await openDashboard(linkstack.endpoint);
    await expect(p.getByTestId('clock-now').textContent()).resolves.toBe('2026-01-15 10:00:00');
    await expect(p.getByTestId('clock-mode').textContent()).resolves.toBe('frozen');
    await p.getByTestId('advance-60').click();
    await p.getByTestId('clock-now').filter({ hasText: '2026-01-15 10:01:00' }).waitFor();
    expect(linkstack.clock.now().toISOString()).toBe('2026-01-15T10:01:00.000Z');
  });
});
