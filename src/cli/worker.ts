// worker_threads entry: rebuilds the world once, then runs the tasks the main thread sends.
import { parentPort } from 'node:worker_threads';
import { resultTransfer, runTask, type Task } from './tasks.ts';

parentPort?.on('message', (msg: { id: number; task: Task }) => {
  runTask(msg.task).then(
    (res) => parentPort!.postMessage({ id: msg.id, ok: true, res }, resultTransfer(res)),
    (e: unknown) => parentPort!.postMessage({ id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});
