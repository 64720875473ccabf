/**
 * Reads the page's own Content-Security-Policy meta (build/csp-plugin.ts) to tell, before a request is made,
 * whether connect-src lets the page reach a URL the user typed (a deployment may narrow it with
 * CDR_CSP_CONNECT). A pure matcher plus a DOM reader; the browser enforces the policy either way.
 */

/** The connect-src sources of a policy (default-src when absent; null when the policy sets neither). */
export function connectSourcesOf(policy: string): string[] | null {
  const directives = new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map((d) => [d[0]!.toLowerCase(), d.slice(1)] as const),
  );
  return directives.get('connect-src') ?? directives.get('default-src') ?? null;
}

/** Whether a source list (CSP level 3 matching, simplified to origins) allows connecting to `url` from `pageOrigin`. */
export function sourcesAllow(sources: readonly string[], url: string, pageOrigin: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const scheme = u.protocol;
  for (const raw of sources) {
    const s = raw.toLowerCase();
    if (s === '*') return scheme === 'http:' || scheme === 'https:' || scheme === 'ws:' || scheme === 'wss:';
    if (s === "'self'") {
      if (u.origin === pageOrigin) return true;
      continue;
    }
    // Scheme sources: http: also allows https: (and ws: wss:) as a secure upgrade.
    if (/^[a-z][a-z0-9+.-]*:$/.test(s)) {
      if (s === scheme || (s === 'http:' && scheme === 'https:') || (s === 'ws:' && scheme === 'wss:')) return true;
      continue;
    }
    const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*\.)?([^:/]+)(?::(\d+|\*))?/.exec(s);
    if (!m) continue;
    const [, sch, wild, host, port] = m;
    if (sch && sch !== scheme.slice(0, -1) && !(sch === 'http' && scheme === 'https:')) continue;
    const hostOk = wild ? u.hostname.endsWith(`.${host}`) : u.hostname === host;
    const defaultPort = scheme === 'https:' || scheme === 'wss:' ? '443' : '80';
    const portOk = port === '*' || (port ?? defaultPort) === (u.port || defaultPort);
    if (hostOk && portOk) return true;
  }
  return false;
}

/**
 * Whether this page's CSP meta allows connecting to `url` (true when there is no meta: the dev server, or a
 * policy this reader cannot see, such as a header only).
 */
export function pageAllowsConnect(url: string, doc: Document | undefined = globalThis.document): boolean {
  const meta = doc?.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.getAttribute('content');
  if (!meta) return true;
  const sources = connectSourcesOf(meta);
  return sources === null || sourcesAllow(sources, url, doc!.location.origin);
}
