/** Why the last run failed, when a generator worker died (the Result tab explains it and offers Retry). */
import { create } from 'zustand';
import { WorkerCrashError } from '../workers/pool.ts';

export interface RunCrash {
  /** 1-based worker number. */
  worker: number;
  /** error: an uncaught error in the worker; lost: the worker ended (crashed, or terminated by the browser). */
  reason: 'error' | 'lost';
  detail: string;
}

export const useRunFailure = create<{ crash: RunCrash | null }>(() => ({ crash: null }));

/** Records the failure of a run (a worker crash, or null for any other error). */
export function recordRunFailure(e: unknown): void {
  useRunFailure.setState({ crash: e instanceof WorkerCrashError ? { worker: e.worker, reason: e.reason, detail: e.detail } : null });
}
