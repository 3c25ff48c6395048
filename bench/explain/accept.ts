import { connectedConversation, type Harness, waitForStates } from '../lib/harness';
import { announce, createReceived, floorPost, pause } from '../lib/page';
import { summarize } from '../lib/stats';
import { installTrace, type TraceEvent, takeTrace } from '../lib/trace';

const WARMUP = 3;

/**
 * Where the warm accept → POST time goes: each storage call, API call and fetch the worker makes
 * between the page's event and the emulator receiving the create POST, as medians over `runs`.
 */
export async function explainAccept(h: Harness, runs: number): Promise<string> {
  const worker = await h.browser.worker();
  await installTrace(worker);
  const steps = new Map<string, { at: number[]; took: number[] }>();
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
    const seen = new Map<string, number>();
    for (const event of [...trace, { label: 'create POST received by the emulator', start: received }]) {
      const n = (seen.get(event.label) ?? 0) + 1;
      seen.set(event.label, n);
      const key = n > 1 ? `${event.label} #${n}` : event.label;
      const step = steps.get(key) ?? { at: [], took: [] };
      step.at.push(event.start - stamp);
      if ('end' in event && event.end !== undefined) step.took.push(event.end - event.start);
      steps.set(key, step);
    }
  }
  const rows = [...steps.entries()].sort((a, b) => summarize(a[1].at).p50 - summarize(b[1].at).p50);
  const total = summarize(totals);
  const floor = summarize(floors);
  return [
    `### Warm accept → create POST, ${runs} accepts (medians, ms after the page's event)`,
    '',
    '| Step | Starts at | Takes | Seen in |',
    '| --- | --- | --- | --- |',
    ...rows.map(([label, step]) => {
      const took = step.took.length ? summarize(step.took).p50.toFixed(2) : '—';
      return `| ${label} | ${summarize(step.at).p50.toFixed(2)} | ${took} | ${step.at.length}/${runs} |`;
    }),
    '',
    `Extension p50 ${total.p50.toFixed(2)} / p95 ${total.p95.toFixed(2)} ms; ` +
      `floor (page fetch) p50 ${floor.p50.toFixed(2)} / p95 ${floor.p95.toFixed(2)} ms.`,
  ].join('\n');
}
