// Diagnosis for budgets the benchmark misses; same setup, pages and clock as bench/run.ts.
//   npx tsx bench/explain.ts accept [runs]    where the warm accept → POST time goes
//   npx tsx bench/explain.ts desktop [rounds] what the busy-desktop overhead is made of
//   npx tsx bench/explain.ts genesys [runs]   where Genesys's notification → offer time goes
//   npx tsx bench/explain.ts cold [runs]      where the cold accept → POST time goes (worker stopped)
// The desktop case rewrites the detection settings of its own throwaway profile only.
import { explainAccept } from './explain/accept';
import { explainCold, prepareColdTrace } from './explain/cold';
import { explainDesktop } from './explain/desktop';
import { explainGenesys } from './explain/genesys';
import { openHarness } from './lib/harness';
import { requireBuild } from './lib/launch';

const [what = 'accept', count] = process.argv.slice(2);
if (what !== 'accept' && what !== 'desktop' && what !== 'genesys' && what !== 'cold') {
  console.error(
    `Unknown case "${what}": use "accept [runs]", "cold [runs]", "desktop [rounds]" or "genesys [runs]".`,
  );
  process.exit(2);
}
requireBuild();
const h = await openHarness(what === 'cold' ? prepareColdTrace : undefined);
try {
  if (what === 'cold') console.log(await explainCold(h, Math.min(100, Math.max(5, Number(count ?? 20)))));
  else if (what === 'accept')
    console.log(await explainAccept(h, Math.min(200, Math.max(5, Number(count ?? 40)))));
  else if (what === 'genesys')
    console.log(await explainGenesys(h.dist, Math.min(200, Math.max(5, Number(count ?? 40)))));
  else console.log(await explainDesktop(h, 3_000, Math.min(6, Math.max(1, Number(count ?? 3)))));
} finally {
  await h.close();
}
