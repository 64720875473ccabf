/**
 * The page's Content-Security-Policy and Subresource Integrity, added at build time.
 *
 *  - `<meta http-equiv="Content-Security-Policy">` first in the built index.html (a static host needs nothing);
 *  - the same policy as a response header on `vite preview` (plus `frame-ancestors 'none'`, which a meta
 *    cannot carry); a header also reaches the workers, which a document's meta does not;
 *  - `integrity="sha384-…"` on the entry script and stylesheet of the built index.html, hashed from the
 *    files as written.
 *
 * connect-src: the page streams to sinks the user types (http(s)://, kafka REST, ws(s)://, from a worker) and
 * "Send to S3" uploads to the endpoint the user types, and a meta policy cannot change at run time (a second
 * meta could only narrow it). So the default build allows any http/https/ws/wss origin — the page itself
 * makes no request anywhere until the user types a destination and presses the button;
 * a deployment that knows its sinks narrows it at build time with CDR_CSP_CONNECT (read in vite.config.ts):
 *   CDR_CSP_CONNECT=self                                  connect-src 'self' (no streaming off the page's origin)
 *   CDR_CSP_CONNECT="https://kafka.example:8082 wss://ws.example https://minio.example:9000"   'self' and those origins
 * (the S3 form reads the policy back, src/lib/csp.ts, and names an endpoint it does not allow before sending).
 * Everything else stays strict either way: no inline script, no eval (only WebAssembly compilation, for
 * parquet-wasm), no plugins, no <base>, no form posts, images only from the page, data: and blob:.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { Plugin } from 'vite';

/** connect-src sources of the default build: the page's origin plus any sink the user may type. */
export const SINK_SOURCES = ['http:', 'https:', 'ws:', 'wss:'] as const;

/** The connect-src sources for a CDR_CSP_CONNECT value (undefined or "sinks": the default). */
export function connectSources(setting: string | undefined): string[] {
  const v = (setting ?? '').trim();
  if (v === '' || v === 'sinks') return ["'self'", ...SINK_SOURCES];
  if (v === 'self' || v === "'self'") return ["'self'"];
  const origins = v.split(/[\s,]+/).filter(Boolean);
  for (const o of origins) {
    // An origin (scheme://host[:port]) or a bare scheme: nothing that could end the directive or add keywords.
    if (!/^(https?|wss?):\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/i.test(o) && !/^(https?|wss?):$/i.test(o))
      throw new Error(`CDR_CSP_CONNECT: "${o}" is not an origin like https://host:port (or "self", or "sinks")`);
  }
  return ["'self'", ...origins];
}

/** The policy; `forHeader` adds what only a header can carry. */
export function contentSecurityPolicy(opts: { connect?: string; forHeader?: boolean } = {}): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", "'wasm-unsafe-eval'"],
    ['worker-src', "'self'", 'blob:'],
    ['style-src', "'self'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', ...connectSources(opts.connect)],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
  if (opts.forHeader) directives.push(['frame-ancestors', "'none'"]);
  return directives.map((d) => d.join(' ')).join('; ');
}

const sri = (bytes: Buffer) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** Adds integrity attributes to the index.html's own script and stylesheet tags (files under `dir`). */
export function addIntegrity(html: string, dir: string): string {
  return html.replace(
    /<(script|link)\b([^>]*?)\s(src|href)="([^"]+)"([^>]*)>/g,
    (tag, name: string, before: string, attr: string, url: string, after: string) => {
      if (/\bintegrity=/.test(tag) || /^[a-z]+:|^\/\//i.test(url)) return tag;
      if (name === 'link' && !/\brel="(stylesheet|modulepreload)"/.test(tag)) return tag;
      const file = normalize(join(dir, url.replace(/^\.?\//, '').split(/[?#]/)[0]!));
      if (!file.startsWith(normalize(dir)) || !existsSync(file)) return tag;
      return `<${name}${before} ${attr}="${url}"${after} integrity="${sri(readFileSync(file))}">`;
    },
  );
}

export function cspPlugin(opts: { connect?: string } = {}): Plugin {
  const meta = contentSecurityPolicy({ connect: opts.connect });
  const header = contentSecurityPolicy({ connect: opts.connect, forHeader: true });
  let outDir = 'dist';
  return {
    name: 'cdr-studio:csp',
    // Build (meta + integrity) and preview (header); the dev server keeps Vite's inline client scripts.
    apply: (_config, env) => env.command === 'build' || env.isPreview === true,
    config: () => ({
      preview: { headers: { 'Content-Security-Policy': header, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' } },
    }),
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    transformIndexHtml: {
      order: 'post',
      // Right after <meta charset> (it must stay in the first bytes), before any script or stylesheet.
      handler: (html) => {
        const tag = `<meta http-equiv="Content-Security-Policy" content="${meta}" />`;
        const charset = /<meta\s+charset=[^>]*>/i.exec(html);
        if (charset) return html.replace(charset[0], `${charset[0]}\n    ${tag}`);
        return html.replace(/<head[^>]*>/i, (h) => `${h}\n    ${tag}`);
      },
    },
    writeBundle: {
      order: 'post',
      handler(options, bundle) {
        const dir = options.dir ?? outDir;
        for (const name of Object.keys(bundle).filter((n) => n.endsWith('.html'))) {
          const path = join(dir, name);
          if (!existsSync(path)) continue;
          const html = readFileSync(path, 'utf8');
          // What the policy would block anyway, caught at build time with a clear message.
          if (/<script\b(?![^>]*\bsrc=)[^>]*>/i.test(html)) this.error(`${name}: inline <script> in the built page (the CSP forbids it)`);
          if (/<style\b/i.test(html) || /<[a-z][^>]*\s(on[a-z]+|style)=/i.test(html))
            this.error(`${name}: inline style or event handler attribute in the built page (the CSP forbids it)`);
          writeFileSync(path, addIntegrity(html, join(dir, name, '..')));
        }
      },
    },
  };
}
