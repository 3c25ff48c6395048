/** The demo's printed timeline: each step with its time since the start and since the last step. */
export class Timeline {
  private readonly start = performance.now();
  private last = this.start;
  readonly steps: { step: string; atMs: number; deltaMs: number }[] = [];

  mark(step: string): void {
    const now = performance.now();
    const entry = { step, atMs: now - this.start, deltaMs: now - this.last };
    this.last = now;
    this.steps.push(entry);
    console.log(`  ${fmt(entry.atMs)}  (+${fmt(entry.deltaMs)})  ✓ ${step}`);
  }

  async step<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.mark(name);
      return result;
    } catch (error) {
      console.error(`  ✗ ${name}: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }
}

function fmt(ms: number): string {
  return `${ms.toFixed(0).padStart(6)} ms`;
}
