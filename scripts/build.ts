// `npm run build [-- --browser chrome|firefox|all]`: Vite builds per browser (dist/, dist-firefox/);
// the target is Vite's mode, so `vite build --mode firefox` is the same thing.
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { OUT_DIR, TARGETS, type Target } from '../manifest.config';

const { values } = parseArgs({ options: { browser: { type: 'string', default: 'chrome' } } });
const wanted = values.browser === 'all' ? [...TARGETS] : [values.browser as Target];
for (const target of wanted) {
  if (!TARGETS.includes(target)) {
    throw new Error(`--browser ${target}: expected one of ${TARGETS.join(', ')} or all.`);
  }
  await build({ mode: target, logLevel: 'warn' });
  console.log(`build: ${target} -> ${OUT_DIR[target]}/`);
}
