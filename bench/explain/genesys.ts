import { waitUntil } from '../../tests/e2e/fixtures/wait';
import { AGENT, waitForStates } from '../lib/harness';
import { pause } from '../lib/page';
import { summarize } from '../lib/stats';
import { addSteps, installTrace, type Steps, stepRows, takeTrace } from '../lib/trace';
import { openGenesys } from '../phases/genesys';

const WARMUP = 3;

/**
 * Where Genesys's notification → offer time goes: each storage call and fetch our worker makes
 * between the emulator sending the event and receiving the offer POST, with the conversation read
 * (GET) and the POST as the emulator received them, as medians over `runs`.
 */
export async function explainGenesys(dist: string, runs: number): Promise<string> {
  const s = await openGenesys(dist);
  try {
    const worker = await s.browser.worker();
    await installTrace(worker);
    const steps: Steps = new Map();
    const totals: number[] = [];
    for (let i = 0; i < runs + WARMUP; i++) {
      const id = `explain-genesys-${process.pid}-${i}`;
      await takeTrace(worker);
      s.emulator.createConversation({ id });
      s.emulator.acceptConversation(id, AGENT);
      const log = await waitUntil(
        async () => s.emulator.requestLog().filter((e) => e.path.startsWith(`/api/v2/conversations/${id}`)),
        (entries) => entries.some((e) => e.method === 'POST'),
        { interval: 2, what: `the offer POST for ${id}` },
      );
      await waitForStates({ recorder: s.recorder }, [id], 'pending');
      const sent = s.sent.get(id) ?? Number.NaN;
      const post = log.find((e) => e.method === 'POST')?.receivedAt ?? Number.NaN;
      const trace = (await takeTrace(worker))
        .filter((e) => e.start <= post)
        .map((e) => ({ ...e, label: e.label.replace(id, '{id}') }));
      s.emulator.endConversation(id);
      await waitForStates({ recorder: s.recorder }, [id], 'ended');
      if (i % 20 === 19) s.emulator.reset();
      await pause(20);
      if (i < WARMUP) continue;
      totals.push(post - sent);
      const received = log
        .filter((e) => e.receivedAt <= post)
        .map((e) => ({ label: `${e.method} ${e.path.replace(id, '{id}')} received`, start: e.receivedAt }));
      addSteps(steps, [...trace, ...received], sent);
    }
    const total = summarize(totals);
    return [
      `### Genesys: notification sent → offer POST received, ${runs} accepts (medians, ms after the event was sent)`,
      '',
      ...stepRows(steps, runs),
      '',
      `Extension p50 ${total.p50.toFixed(2)} / p95 ${total.p95.toFixed(2)} ms.`,
    ].join('\n');
  } finally {
    await s.browser.close();
    await s.emulator.close();
  }
}
