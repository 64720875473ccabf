/** Stream worker entry: a thin Comlink `expose` of the stream service (protocol in ./stream-api.ts). */
import * as Comlink from 'comlink';
import type { WebSocketLike } from '../stream/sinks/ws.ts';
import { createStreamService } from './stream-service.ts';

const wsFactory = typeof WebSocket === 'function' ? (url: string) => new WebSocket(url) as unknown as WebSocketLike : null;

Comlink.expose(createStreamService(wsFactory));
