/**
 * Node-only: a WebSocket factory for the WebSocket sink, using the `ws` package (Node 20 has no global
 * WebSocket; Node ≥ 22's is used when `ws` is not installed). Loaded lazily, only for ws:// sinks.
 */
import type { WebSocketFactory, WebSocketLike } from './ws.ts';

/** The factory: `ws` when installed, else the runtime's global WebSocket; throws a clear error when neither exists. */
export async function nodeWebSocketFactory(): Promise<WebSocketFactory> {
  try {
    const mod = await import('ws');
    const WS = mod.WebSocket;
    return (url) => {
      const ws = new WS(url, { perMessageDeflate: false });
      // `ws` throws on an 'error' event without a listener (e.g. close() while connecting): keep one.
      ws.on('error', () => undefined);
      return ws as unknown as WebSocketLike;
    };
  } catch {
    const G = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
    if (G) return (url) => new G(url);
    throw new Error('WebSocket sinks need the "ws" package in Node 20 (npm install ws) or Node ≥ 22');
  }
}
