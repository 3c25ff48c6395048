import { connectedConversation, type Harness, waitForStates } from '../lib/harness';
import { announce, createReceived, floorPost, pause } from '../lib/page';
import { summarize } from '../lib/stats';
import { addSteps, installTrace, type Steps, stepRows, type TraceEvent, takeTrace } from '../lib/trace';

const WARMUP = 3;

/**
 * Where the warm accept → POST time goes: each storage call, API call and fetch the worker makes
 * between the page's event and the emulator receiving the create POST, as medians over `runs`.
 */
export async function explainAccept(h: Harness, runs: number): Promise<string> {
  const worker = await h.browser.worker();
  await installTrace(worker);
  const steps: Steps = new Map();
  const totals: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i < runs + WARMUP; i++) {
    const id = connectedConversation(h, `explain-${process.pid}-${i}`);
    await takeTrace(worker);
    const stamp = await announce(h.desktop, 'accepted', id);
    const received = (await createReceived(h, id)).receivedAt;
    await waitForStates(h, [id], 'pending');
    const trace: TraceEvent[] = (await takeTrace(worker)).filter((e) => e.start <= received);
    await announce(h.desktop, 'ended', id);
    await waitForStates(h, [id], 'ended');
    const floorId = `explain-floor-${process.pid}-${i}`;
    const floorStamp = await floorPost(h.desktop, floorId, h.token);
    const floor = (await createReceived(h, floorId)).receivedAt - floorStamp;
    if (i % 20 === 19) h.emulator.reset();
    await pause(20);
    if (i < WARMUP) continue;
    totals.push(received - stamp);
    floors.push(floor);
    addSteps(steps, [...trace, { label: 'create POST received by the emulator', start: received }], stamp);
  }
  const total = summarize(totals);
  const floor = summarize(floors);
  return [
    `### Warm accept → create POST, ${runs} accepts (medians, ms after the page's event)`,
    '',
    ...stepRows(steps, runs),
    '',
    `Extension p50 ${total.p50.toFixed(2)} / p95 ${total.p95.toFixed(2)} ms; ` +
      `floor (page fetch) p50 ${floor.p50.toFixed(2)} / p95 ${floor.p95.toFixed(2)} ms.`,
  ].join('\n');
}
