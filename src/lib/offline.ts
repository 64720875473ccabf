/**
 * Offline support: registers the service worker (public/sw.js, relative URL so any sub-path works), then
 * fetches the page's own files through it once, so that a reload without network still finds them.
 */

/** Registers the service worker and caches what the page has loaded; resolves true when ready. */
export async function enableOffline(warm: () => Promise<void>): Promise<boolean> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return false;
  try {
    await navigator.serviceWorker.register('./sw.js', { scope: './' });
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    }
    const own = new Set<string>([new URL('./', location.href).href, location.href.split('#')[0]!]);
    for (const e of performance.getEntriesByType('resource')) {
      const u = new URL(e.name);
      if (u.origin === location.origin) own.add(u.href);
    }
    await Promise.all([...own].map((u) => fetch(u, { cache: 'no-cache' }).catch(() => undefined)));
    // The worker script and the Parquet wasm load on first use: load them now, through the service worker.
    await warm();
    return true;
  } catch {
    return false;
  }
}
