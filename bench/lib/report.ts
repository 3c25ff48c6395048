import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import type { Check } from './checks';

export interface Machine {
  os: string;
  cpus: string;
  memoryGb: number;
  node: string;
  browser: string;
  /** 1-minute load average at the end: other work on the machine shows up in the tails. */
  load: number;
}

export async function describeMachine(page: Page | undefined): Promise<Machine> {
  const list = cpus();
  let browser = 'not launched';
  if (page) {
    const cdp = await page.context().newCDPSession(page);
    const version = (await cdp.send('Browser.getVersion')) as { product: string };
    browser = version.product;
    await cdp.detach();
  }
  return {
    os: `${type()} ${release()}`,
    cpus: `${list.length} × ${list[0]?.model.trim() ?? 'unknown'}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    browser,
    load: loadavg()[0] ?? 0,
  };
}

const num = (x: number | null, unit = '') => {
  if (x === null) return '—';
  if (!Number.isFinite(x)) return 'n/a';
  return `${x.toFixed(Number.isInteger(x) || Math.abs(x) >= 100 ? 0 : 1)}${unit}`;
};

function delta(check: Check): string {
  if (!check.delta) return '—';
  const sign = check.delta.value >= 0 ? '+' : '';
  const unit = check.delta.kind === 'ratio' ? ' %' : ` ${check.unit}`;
  return `${sign}${num(check.delta.value)}${unit}`;
}

export function markdownTable(checks: Check[], machine: Machine): string {
  const lines = [
    `Machine: ${machine.os}, ${machine.cpus}, ${machine.memoryGb} GB, Node ${machine.node}, ` +
      `load ${machine.load.toFixed(1)} (1 min); ${machine.browser}`,
    '',
    '| Figure | Measured | Floor | Difference / ratio | Page floor (difference) | Budget | Result |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const c of checks) {
    const floor =
      c.floor === null ? `— (${c.floorLabel})` : `${num(c.floor, ` ${c.unit}`)} (${c.floorLabel})`;
    const page =
      c.pageFloor === undefined
        ? '—'
        : `${num(c.pageFloor, ` ${c.unit}`)} (${c.value - c.pageFloor >= 0 ? '+' : ''}${num(c.value - c.pageFloor)} ${c.unit})`;
    lines.push(
      `| ${c.figure} | ${num(c.value, ` ${c.unit}`)} | ${floor} | ${delta(c)} | ${page} | ${c.budget} | ${c.pass ? 'pass' : '**FAIL**'} |`,
    );
  }
  const notes = checks.filter((c) => c.detail).map((c) => `- ${c.figure}: ${c.detail}`);
  return [...lines, '', ...notes].join('\n');
}

export function writeJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
}
