// `npm run docs:lifecycle`: writes docs/lifecycle.md from the lifecycle table (tests/unit/machine.test.ts checks it is current).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lifecycleMarkdown } from '../src/background/sessions/machine-doc';

const out = resolve(import.meta.dirname, '..', 'docs', 'lifecycle.md');
writeFileSync(out, lifecycleMarkdown());
console.log(`Wrote ${out}`);
