import { EVENT_TYPES, type MachineState, TABLE } from './machine';

/** Mermaid ids cannot hold "-": each state gets an id and keeps its name as the label. */
const id = (state: MachineState) => (state === 'new' ? '[*]' : state.replaceAll('-', '_'));

/**
 * docs/lifecycle.md, generated from the machine's table (`npm run docs:lifecycle`); a unit test
 * fails when the committed file differs, so the diagram can never drift from the code.
 */
export function lifecycleMarkdown(): string {
  const states = Object.keys(TABLE) as MachineState[];
  const lines = ['stateDiagram-v2'];
  for (const state of states) if (state !== 'new') lines.push(`  state "${state}" as ${id(state)}`);
  for (const from of states) {
    const edges = new Map<string, string[]>();
    for (const event of EVENT_TYPES) {
      if (!(event in TABLE[from])) continue;
      const to = TABLE[from][event] ?? from;
      edges.set(to, [...(edges.get(to) ?? []), event]);
    }
    for (const [to, events] of edges)
      lines.push(`  ${id(from)} --> ${id(to as MachineState)}: ${events.join(', ')}`);
  }
  const rows = states.map(
    (from) =>
      `| ${from} | ${EVENT_TYPES.filter((e) => e in TABLE[from])
        .map((e) => `${e} → ${TABLE[from][e] ?? from}`)
        .join('<br>')} |`,
  );
  return [
    '# Co-browse lifecycle of a conversation',
    '',
    '<!-- Generated from src/background/sessions/machine.ts by `npm run docs:lifecycle`; do not edit. -->',
    '',
    'One table of (state, event) → state drives every change to a conversation record. Any pair',
    'not listed is refused and logged, and nothing is written. `[*]` is a conversation without a record.',
    '',
    '```mermaid',
    ...lines,
    '```',
    '',
    '| state | event → next state |',
    '| --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
