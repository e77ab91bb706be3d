import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * AWS's own models of IAM, STS and ECS: botocore's service-2.json, as shipped with the machine's
 * Python (boto3/botocore) or Debian's python3-botocore. LINKSTACK_BOTOCORE_DATA may name a
 * botocore `data` folder directly.
 */

export interface ShapeRef {
  shape: string;
  locationName?: string;
  flattened?: boolean;
  xmlNamespace?: unknown;
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'double' | 'float' | 'blob';
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  flattened?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  exception?: boolean;
  timestampFormat?: string;
}

export interface OperationModel {
  name: string;
  input?: ShapeRef;
  output?: ShapeRef & { resultWrapper?: string };
  errors?: ShapeRef[];
}

export interface ServiceModel {
  metadata: { protocol: string; xmlNamespace?: string; targetPrefix?: string; apiVersion: string };
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

const FOLDERS = { iam: 'iam/2010-05-08', sts: 'sts/2011-06-15', ecs: 'ecs/2014-11-13' } as const;
export type ModelledService = keyof typeof FOLDERS;

function botocoreData(): string {
  const fromEnv = process.env.LINKSTACK_BOTOCORE_DATA;
  if (fromEnv) return fromEnv;
  const candidates: string[] = [];
  try {
    const dir = execFileSync('python3', ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__))'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    candidates.push(join(dir, 'data'));
  } catch {
    // no python3 with botocore: try Debian's package
  }
  candidates.push('/usr/lib/python3/dist-packages/botocore/data');
  const found = candidates.find((c) => existsSync(join(c, FOLDERS.iam)));
  if (!found) throw new Error('AWS service models not found: install boto3/botocore for python3 (or apt-get install python3-botocore)');
  return found;
}

const cache = new Map<ModelledService, ServiceModel>();

export function serviceModel(service: ModelledService): ServiceModel {
  let model = cache.get(service);
  if (!model) {
    const dir = join(botocoreData(), FOLDERS[service]);
    const gz = join(dir, 'service-2.json.gz');
    const text = existsSync(gz) ? gunzipSync(readFileSync(gz)).toString('utf8') : readFileSync(join(dir, 'service-2.json'), 'utf8');
    model = JSON.parse(text) as ServiceModel;
    cache.set(service, model);
  }
  return model;
}

/** The wire code and HTTP status of an error shape, as the protocol sends them. */
export function errorCodeOf(model: ServiceModel, shapeName: string): { code: string; status: number } {
  const shape = model.shapes[shapeName]!;
  // JSON 1.1 faults without a status of their own (ECS ServerException) are 500s.
  return { code: shape.error?.code ?? shapeName, status: shape.error?.httpStatusCode ?? ((shape as { fault?: boolean }).fault ? 500 : 400) };
}
