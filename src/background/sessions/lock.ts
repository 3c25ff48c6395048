/**
 * Runs work for one conversation strictly one after another. Duplicate accepts, two desktop tabs and
 * a resume racing a new event all queue here, so each sees the state the previous one left.
 * In memory on purpose: work queued here dies with the worker, and resume() picks it up from storage.
 */
const queues = new Map<string, Promise<unknown>>();

export function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}
