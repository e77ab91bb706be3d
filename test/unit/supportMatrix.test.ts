import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { supportedServices } from '../../server/awsEndpoint.js';
import { currentSupportMatrix, renderSupportMatrix, withSupportMatrix } from '../../scripts/supportMatrix.js';

const readmePath = fileURLToPath(new URL('../../README.md', import.meta.url));

describe('README support matrix', () => {
  // `npm run matrix` runs this file with LINKSTACK_WRITE_MATRIX=1 to regenerate the table.
  if (process.env.LINKSTACK_WRITE_MATRIX === '1') {
    const readme = readFileSync(readmePath, 'utf8');
    writeFileSync(readmePath, withSupportMatrix(readme, renderSupportMatrix(supportedServices)));
  }

  it('lists exactly the operations of the IAM, STS and ECS operation tables (run `npm run matrix` to fix)', () => {
    const readme = readFileSync(readmePath, 'utf8');
    expect(currentSupportMatrix(readme)).toBe(renderSupportMatrix(supportedServices));
  });

  it('names every implemented operation once, under its service', () => {
    const table = renderSupportMatrix(supportedServices);
    for (const s of supportedServices) {
      const row = table.split('\n').find((l) => l.startsWith(`| ${s.name.toUpperCase()} |`))!;
      for (const op of s.operations.keys()) expect(row).toContain(`\`${op}\``);
      expect(row.match(/`[A-Z]\w+`/g) ?? []).toHaveLength(s.operations.size);
    }
  });
});
