import browser from 'webextension-polyfill';
import type * as z from 'zod/mini';

export type Area = 'local' | 'session' | 'sync';

export interface StorageItem<T> {
  readonly area: Area;
  readonly key: string;
  get(): Promise<T>;
  set(value: T): Promise<void>;
  remove(): Promise<void>;
}

/**
 * One typed storage key: the schema is checked on the way in and on the way out, so a corrupt
 * or hand-edited value never flows into the code as if it were valid; it reads as the fallback.
 */
export function defineItem<S extends z.ZodMiniType>(
  area: Area,
  key: string,
  schema: S,
  fallback: z.output<S>,
): StorageItem<z.output<S>> {
  return {
    area,
    key,
    async get() {
      const stored = (await browser.storage[area].get(key))[key];
      if (stored === undefined) return structuredClone(fallback);
      const parsed = schema.safeParse(stored);
      if (parsed.success) return parsed.data;
      console.warn(
        `storage.${area}["${key}"] does not match its schema and was ignored:`,
        parsed.error.message,
      );
      return structuredClone(fallback);
    },
    async set(value) {
      await browser.storage[area].set({ [key]: schema.parse(value) });
    },
    async remove() {
      await browser.storage[area].remove(key);
    },
  };
}

/** A storage item kept in memory after its first read: `forget` drops the copy, `keep` replaces it. */
export interface CachedItem<T> {
  read(): Promise<T>;
  forget(): void;
  keep(value: T): void;
}

/** The worker's copies of the token, the identity and the chats (each says when it is dropped). A failed read is not kept. */
export function cached<T>(item: Pick<StorageItem<T>, 'get'>): CachedItem<T> {
  let memo: Promise<T> | undefined;
  return {
    read() {
      memo ??= item.get().catch((error: unknown) => {
        memo = undefined;
        throw error;
      });
      return memo;
    },
    forget() {
      memo = undefined;
    },
    keep(value) {
      memo = Promise.resolve(value);
    },
  };
}
