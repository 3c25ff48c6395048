// `npm start`: build, start the platform emulator on a free loopback port, launch Chromium with the
// extension configured for it. With a display: the desktop and customer pages, for a person to play
// with until Ctrl-C. Without one (CI, servers): the whole scenario headless, with a timeline and
// screenshots, exiting 0 only if every step happened.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmulator } from '../emulator/server';
import { launchExtension } from '../tests/e2e/fixtures/extension';
import { configure } from '../tests/e2e/fixtures/flows';
import { runScenario } from './demo/scenario';

const root = resolve(import.meta.dirname, '..');
const interactive = Boolean(process.env.DISPLAY) && !process.env.CI && !process.argv.includes('--headless');

console.log('Building the extension (dist/)…');
execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });

const emulator = await startEmulator({ control: true });
const browser = await launchExtension({ headless: !interactive });
await configure(browser, emulator);
console.log(`Emulator: ${emulator.url}   extension: ${browser.extensionId}`);

if (interactive) {
  const desktop = await browser.context.newPage();
  await desktop.goto(`${emulator.url}/desktop`);
  await browser.openPopup();
  console.log('Sign in from the extension popup, press "Simulate inbound chat" and Accept on the desktop,');
  console.log(
    `then open ${emulator.url}/customer/<conversationId> to answer as the customer. Ctrl-C to stop.`,
  );
  await new Promise<void>((done) => process.once('SIGINT', () => done()));
} else {
  const folder = join(root, 'artifacts', `demo-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(folder, { recursive: true });
  let ok = false;
  try {
    await runScenario(browser, emulator, folder);
    ok = true;
    console.log(`\nEvery step happened. Screenshots: ${folder}`);
  } catch (error) {
    console.error(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}`);
    console.error(`Screenshots so far: ${folder}`);
  }
  await browser.close();
  await emulator.close();
  process.exit(ok ? 0 : 1);
}
await browser.close();
await emulator.close();
