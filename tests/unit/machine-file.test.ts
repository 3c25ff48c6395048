import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockedBy, removeLeftovers, writeMachineFile } from '../e2e/fixtures/machine-file';

// The e2e suite's machine-wide files (browser policies in /etc) must survive a killed run: the next
// run removes what a dead writer left and refuses what it did not write. Exercised in a temporary
// folder with real processes: one killed with SIGKILL, one still running.
const MODULE = resolve(import.meta.dirname, '../e2e/fixtures/machine-file.ts');

let root: string;
let owners: string;
let policy: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'machine-file-'));
  owners = join(root, 'owners');
  policy = join(root, 'etc', 'policies', 'policies.json');
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

/** Another node process that writes `policy` as its own and then keeps running until killed. */
async function writerProcess(): Promise<ChildProcess> {
  const code = `
    const { writeMachineFile } = await import(${JSON.stringify(MODULE)});
    writeMachineFile(${JSON.stringify(policy)}, '{"from":"the other process"}', ${JSON.stringify(owners)});
    process.stdout.write('written');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((done, fail) => {
    child.stdout?.once('data', () => done());
    child.once('exit', (status) => fail(new Error(`the writer exited (${status}) before writing`)));
  });
  return child;
}

async function kill(child: ChildProcess) {
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGKILL');
  await exited;
}

describe('machine-wide e2e files', () => {
  it('a file whose writer was killed is removed by the next run, with the folders it created and its record', async () => {
    const writer = await writerProcess();
    expect(blockedBy(policy, owners)).toMatch(
      /in use by another e2e test process \(pid \d+, still running\)/,
    );
    await kill(writer);

    expect(existsSync(policy)).toBe(true);
    expect(removeLeftovers(owners)).toEqual([policy]);
    expect(existsSync(policy)).toBe(false);
    expect(existsSync(join(root, 'etc'))).toBe(false);
    expect(readdirSync(owners)).toEqual([]);
  });

  it('a write after a killed run replaces the leftover instead of refusing', async () => {
    await kill(await writerProcess());
    const mine = writeMachineFile(policy, '{"from":"this run"}', owners);
    expect(readFileSync(policy, 'utf8')).toBe('{"from":"this run"}');
    expect(blockedBy(policy, owners)).toBeUndefined();
    mine.remove();
    expect(existsSync(join(root, 'etc'))).toBe(false);
    expect(readdirSync(owners)).toEqual([]);
  });

  it('a file of a running writer is refused and left alone', async () => {
    await writerProcess();
    expect(() => writeMachineFile(policy, '{}', owners)).toThrow(/pid \d+, still running/);
    expect(removeLeftovers(owners)).toEqual([]);
    expect(readFileSync(policy, 'utf8')).toBe('{"from":"the other process"}');
  });

  it('a file no e2e run wrote is refused and never removed', () => {
    writeMachineFile(join(root, 'etc', 'other.json'), '{}', owners); // so the owners folder exists
    const admins = join(root, 'admins.json');
    writeFileSync(admins, '{"an":"admin policy"}');
    expect(blockedBy(admins, owners)).toMatch(/no e2e run wrote it/);
    expect(() => writeMachineFile(admins, '{}', owners)).toThrow(/must not replace/);
    expect(readFileSync(admins, 'utf8')).toBe('{"an":"admin policy"}');
  });

  it('a record whose pid now belongs to another process (started at another time) counts as ended', () => {
    const file = join(root, 'reused.json');
    writeFileSync(file, '{}');
    writeMachineFile(join(root, 'etc', 'mine.json'), '{}', owners);
    // This very process is alive, but it is not the one that started at tick 1.
    const record = join(owners, `${encodeURIComponent(file)}.json`);
    writeFileSync(record, JSON.stringify({ file, pid: process.pid, started: '1', createdDirs: [] }));
    expect(removeLeftovers(owners)).toEqual([file]);
    expect(existsSync(file)).toBe(false);
  });

  it('a record of another shape is dropped without touching the file it names', () => {
    const file = join(root, 'named.json');
    writeFileSync(file, '{}');
    writeMachineFile(join(root, 'etc', 'mine.json'), '{}', owners);
    writeFileSync(join(owners, 'odd.json'), JSON.stringify({ file, pid: 'one', started: 1 }));
    expect(removeLeftovers(owners)).toEqual([]);
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(owners)).toHaveLength(1);
  });

  it('a record cut short by the kill is dropped without touching any file', () => {
    const mine = writeMachineFile(policy, '{}', owners);
    writeFileSync(join(owners, 'cut.json'), '{"file":"/etc/');
    expect(removeLeftovers(owners)).toEqual([]);
    expect(readdirSync(owners)).toHaveLength(1);
    expect(existsSync(policy)).toBe(true);
    mine.remove();
  });
});
