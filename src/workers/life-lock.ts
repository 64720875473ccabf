/**
 * Knowing when a worker dies. A worker terminated by the browser (out of memory, a crashed process) or by
 * anything but its pool fires no event on the page, so its pending calls would wait forever. Each worker
 * holds a Web Lock for its whole life; the page queues a request for the same lock, which is granted only
 * when the worker's agent ends and the browser releases it. No polling, no timeout guess. Without Web
 * Locks (an insecure context) nothing is watched and workers behave as before.
 */

/** What a worker adds to its Comlink API so its pool can watch it. */
export interface LifeLockApi {
  /** Takes the lock `name` until the worker ends; resolves true once held (false without Web Locks). */
  holdLife(name: string): Promise<boolean>;
}

const locksOf = (): LockManager | undefined => (globalThis.navigator as Navigator | undefined)?.locks;

/** Worker side of LifeLockApi. */
export function holdLifeLock(name: string): Promise<boolean> {
  const locks = locksOf();
  if (!locks) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    locks
      .request(name, () => {
        resolve(true);
        // Held until the worker ends.
        return new Promise<never>(() => undefined);
      })
      .catch(() => resolve(false));
  });
}

/** A unique lock name for one worker. */
export function lifeLockName(label: string): string {
  const id = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${performance.now()}`;
  return `cdr-studio:life:${label}:${id}`;
}

/**
 * Page side: calls `onDeath` when the worker holding `name` has ended. Returns `stop`, to call before the
 * pool terminates the worker itself (an intended end is not a death).
 */
export function watchLifeLock(name: string, onDeath: () => void): () => void {
  const locks = locksOf();
  if (!locks) return () => undefined;
  const ctrl = new AbortController();
  locks
    .request(name, { signal: ctrl.signal }, () => {
      if (!ctrl.signal.aborted) onDeath();
    })
    .catch(() => undefined);
  return () => ctrl.abort();
}
