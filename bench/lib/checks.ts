/** One line of the result table: a figure, the floor it is judged against, and the verdict. */
export interface Check {
  phase: string;
  figure: string;
  unit: string;
  value: number;
  /** Measured in the same run; null where no runtime floor exists (bundle sizes). */
  floor: number | null;
  floorLabel: string;
  /** The page-fetch floor where a figure is judged against the reference extension (shown, not judged). */
  pageFloor?: number;
  /** value − floor ("difference") or value ÷ floor − 1 in % ("ratio"). */
  delta: { kind: 'difference' | 'ratio'; value: number } | null;
  budget: string;
  pass: boolean;
  /**
   * "correctness": something the benchmark observed went wrong (a duplicate POST, a missing session,
   * a detector that did not run, a phase that timed out); fails every run, `--quick` included.
   * "budget": a timing or size budget; enforced by the full run only (quick timings are too few).
   */
  gate: 'correctness' | 'budget';
  detail?: string;
}

type Base = Pick<Check, 'phase' | 'figure' | 'unit' | 'floorLabel' | 'detail' | 'pageFloor'> & {
  gate?: Check['gate'];
};

/** Passes when value − floor ≤ allowance. */
export function differenceCheck(base: Base, value: number, floor: number, allowance: number): Check {
  const delta = value - floor;
  return {
    gate: 'budget',
    ...base,
    value,
    floor,
    delta: { kind: 'difference', value: delta },
    budget: `≤ floor + ${allowance} ${base.unit}`,
    pass: delta <= allowance,
  };
}

/** Passes when value is at most `percent` % above the floor. */
export function ratioCheck(base: Base, value: number, floor: number, percent: number): Check {
  const delta = (value / floor - 1) * 100;
  return {
    gate: 'budget',
    ...base,
    value,
    floor,
    delta: { kind: 'ratio', value: delta },
    budget: `≤ floor + ${percent} %`,
    pass: delta <= percent,
  };
}

/** An absolute budget; the floor, if any, is shown for context only. */
export function limitCheck(base: Base, value: number, limit: number, floor: number | null = null): Check {
  return {
    gate: 'budget',
    ...base,
    value,
    floor,
    delta: floor === null ? null : { kind: 'difference', value: value - floor },
    budget: `≤ ${limit} ${base.unit}`,
    pass: value <= limit,
  };
}

export function exactCheck(base: Base, value: number, expected: number): Check {
  return {
    gate: 'budget',
    ...base,
    value,
    floor: expected,
    delta: { kind: 'difference', value: value - expected },
    budget: `= ${expected}`,
    pass: value === expected,
  };
}

/** A correctness gate: `failures` things went wrong (0 expected); the detail says which. */
export function correctnessCheck(phase: string, figure: string, failures: number, detail?: string): Check {
  return {
    ...exactCheck({ phase, figure, unit: 'count', floorLabel: 'none expected', detail }, failures, 0),
    gate: 'correctness',
  };
}
