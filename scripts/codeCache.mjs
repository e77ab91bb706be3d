#!/usr/bin/env node
/**
 * `node scripts/codeCache.mjs <bundle dir> <cache name>`, run by scripts/bundle.mjs in a process of
 * its own: starts the server bundle (linkstack.cjs) as dist/bundle/main.mjs does, waits for its
 * answer to a signed ListRoles (what a client's first request looks like), then writes V8's code
 * cache of the bundle, which by then holds every function start-up and that request compiled.
 * The launcher (scripts/launcher.mjs) reads it. scripts/bundle.mjs passes PORT, HOST and a
 * silent LOG_LEVEL, and nothing else of the environment, so no state file or init is touched.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

// The server reads its flags from argv: it gets none.
const [dir, cacheName] = process.argv.splice(2);
const file = join(dir, 'linkstack.cjs');
// The same source and options as the launcher's, or V8 would refuse the cache there.
const script = new vm.Script(readFileSync(file, 'latin1'), { filename: file, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, dirname(file), pathToFileURL(file).href);
bundle.exports.main();

const port = Number(process.env.PORT);
const body = 'Action=ListRoles&Version=2010-05-08';

/** A ListRoles signed with SigV4 as the root of the default account (`test`/`test`). */
function listRoles() {
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const scope = `${amzDate.slice(0, 8)}/us-east-1/iam/aws4_request`;
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', host: `127.0.0.1:${port}`, 'x-amz-date': amzDate };
  const names = Object.keys(headers).sort();
  const sha256 = (text) => createHash('sha256').update(text).digest('hex');
  const canonical = ['POST', '/', '', names.map((h) => `${h}:${headers[h]}\n`).join(''), names.join(';'), sha256(body)].join('\n');
  let key = 'AWS4test';
  for (const part of scope.split('/')) key = createHmac('sha256', key).update(part).digest();
  const signature = createHmac('sha256', key).update(['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=test/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const deadline = Date.now() + 60_000;
for (;;) {
  try {
    const status = await listRoles();
    if (status !== 200) throw new Error(`code cache warm-up: ListRoles answered ${status}`);
    break;
  } catch (e) {
    if (e.code !== 'ECONNREFUSED' || Date.now() > deadline) throw e;
    await new Promise((r) => setTimeout(r, 10));
  }
}
const target = join(dir, cacheName);
writeFileSync(`${target}.tmp`, script.createCachedData());
renameSync(`${target}.tmp`, target);
process.exit(0);
