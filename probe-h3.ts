import { launchFirefox } from './tests/e2e/fixtures/firefox';
console.log('launching');
const ff = await launchFirefox();
try {
  const page = await ff.openPage('src/options/index.html');
  const r = await page.evaluate(async () => {
    const b = (globalThis as any).browser;
    const t = async (o: string) => b.permissions.contains({ origins: [o] }).catch((e: Error) => `threw ${e.message}`);
    return { port: await t('http://127.0.0.1:41234/*'), noPort: await t('http://127.0.0.1/*'), all: await b.permissions.getAll() };
  });
  console.log(JSON.stringify(r));
} finally {
  await ff.close();
}
