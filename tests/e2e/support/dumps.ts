// Everything the extension keeps where something else could read it, as one JSON text per place,
// for the secrets suite to search.
import type { Page, Worker } from 'playwright-core';

/** IndexedDB (every database, store and record), CacheStorage and, on pages, Web Storage. */
const dumpWebStores = async () => {
  const idb: Record<string, unknown> = {};
  for (const { name, version } of await indexedDB.databases()) {
    if (!name) continue;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name, version);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    for (const store of db.objectStoreNames) {
      idb[`${name}/${store}`] = await new Promise((resolve, reject) => {
        const all = db.transaction(store).objectStore(store).getAll();
        all.onsuccess = () => resolve(all.result);
        all.onerror = () => reject(all.error);
      });
    }
    db.close();
  }
  const caches: Record<string, string[]> = {};
  for (const key of await globalThis.caches.keys()) {
    caches[key] = (await (await globalThis.caches.open(key)).keys()).map((r) => r.url);
  }
  const web =
    typeof localStorage === 'undefined'
      ? undefined
      : { local: { ...localStorage }, session: { ...sessionStorage } };
  return { idb, caches, web };
};

export async function dumpExtensionStorage(worker: Worker) {
  return worker.evaluate(async () => ({
    local: await chrome.storage.local.get(null),
    sync: await chrome.storage.sync.get(null),
    session: await chrome.storage.session.get(null),
  }));
}

export async function dumpWebStoresOf(where: Worker | Page) {
  return (where as Page).evaluate(dumpWebStores);
}
