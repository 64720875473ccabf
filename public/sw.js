/* global self, caches, fetch, URL */
/*
 * CDR Studio service worker: the page keeps working offline once loaded.
 * Same-origin GET requests go to the network first (so a new deployment is picked up at once) and fall
 * back to the copy cached by the last successful response. Nothing else is intercepted: no other origin,
 * no POST, no blob:, so streaming sinks the user types are never touched.
 */
const CACHE = 'cdr-studio-v1';

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const res = await fetch(req);
        if (res.ok && res.type === 'basic') await cache.put(req, res.clone());
        return res;
      } catch (err) {
        const hit =
          (await cache.match(req, { ignoreVary: true })) ??
          (req.mode === 'navigate' ? await cache.match(new URL('./', self.registration.scope).href, { ignoreVary: true }) : undefined);
        if (hit) return hit;
        throw err;
      }
    })(),
  );
});
