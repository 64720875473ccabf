/**
 * `npm audit --omit=dev`: no high or critical advisory in the runtime dependencies (what ships in the page
 * and the CLI). Skipped — with the reason printed — only when the advisory service cannot be reached (no
 * network, or a registry mirror without the audit endpoint); any other failure fails the test.
 */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/helpers.ts';

interface AuditReport {
  auditReportVersion?: number;
  vulnerabilities?: Record<string, { severity: string; isDirect: boolean; via: (string | { title?: string; url?: string })[] }>;
  metadata?: { vulnerabilities: Record<string, number>; dependencies?: Record<string, number> };
  error?: { code?: string; summary?: string; detail?: string };
  statusCode?: number;
  code?: string;
  message?: string;
}

function npmAudit(): Promise<{ report: AuditReport | null; raw: string; stderr: string }> {
  return new Promise((resolve) => {
    // The audit config (NPM_CONFIG_AUDIT=false in CI, for npm ci) must not turn the command itself off.
    const env = { ...process.env, NPM_CONFIG_AUDIT: 'true', NPM_CONFIG_FUND: 'false', NPM_CONFIG_UPDATE_NOTIFIER: 'false' };
    execFile(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      ['audit', '--omit=dev', '--json'],
      { cwd: ROOT, env, timeout: 90_000, maxBuffer: 64 << 20, shell: process.platform === 'win32' },
      (_err, stdout, stderr) => {
        let report: AuditReport | null = null;
        try {
          report = JSON.parse(stdout) as AuditReport;
        } catch {
          /* not JSON: reported below */
        }
        resolve({ report, raw: stdout, stderr });
      },
    );
  });
}

/** Why the advisory service was unreachable, or null when the answer is a real audit (or a real failure). */
function unreachable(r: AuditReport | null, stderr: string): string | null {
  const text = `${r?.message ?? ''} ${r?.error?.summary ?? ''} ${r?.error?.detail ?? ''} ${r?.code ?? ''} ${r?.error?.code ?? ''} ${stderr}`;
  if (/E(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT|NETUNREACH|HOSTUNREACH)|network|socket hang up|getaddrinfo/i.test(text))
    return `the registry cannot be reached (${text.trim().slice(0, 160)})`;
  if (r && !r.auditReportVersion && (r.statusCode ?? 0) >= 400 && /advisories|audit/.test(text))
    return `the registry has no audit endpoint (HTTP ${r.statusCode}: ${(r.message ?? '').slice(0, 160)})`;
  if (/audit endpoint returned an error/.test(stderr) && !r?.auditReportVersion)
    return `the audit endpoint returned an error (${stderr.trim().split('\n')[0]})`;
  return null;
}

/** The high and critical advisories of a report, one line each (plus the summary counts when they disagree). */
function severeAdvisories(r: AuditReport): string[] {
  const out = Object.entries(r.vulnerabilities ?? {})
    .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
    .map(
      ([name, v]) =>
        `${name} (${v.severity}${v.isDirect ? ', direct' : ''}): ${v.via.map((x) => (typeof x === 'string' ? `via ${x}` : (x.title ?? x.url))).join('; ')}`,
    );
  const counts = r.metadata?.vulnerabilities ?? {};
  if ((counts.high ?? 0) + (counts.critical ?? 0) > 0) out.push(`metadata: ${counts.high ?? 0} high, ${counts.critical ?? 0} critical`);
  return out;
}

describe('npm audit (runtime dependencies)', () => {
  it('reports no high or critical advisory', async (ctx) => {
    const { report, raw, stderr } = await npmAudit();
    const why = unreachable(report, stderr);
    if (why) {
      console.warn(`npm audit skipped: ${why}`);
      ctx.skip(`npm audit skipped: ${why}`);
      return;
    }
    expect(report?.auditReportVersion, `npm audit gave no report:\n${raw.slice(0, 500)}\n${stderr.slice(0, 500)}`).toBe(2);
    expect(severeAdvisories(report!), 'high/critical advisories in runtime dependencies').toEqual([]);
  }, 120_000);

  it('reads an audit report the way npm writes it (fixture)', () => {
    const fixture: AuditReport = {
      auditReportVersion: 2,
      vulnerabilities: {
        left: { severity: 'moderate', isDirect: true, via: [{ title: 'ReDoS' }] },
        deep: { severity: 'critical', isDirect: false, via: [{ title: 'Prototype pollution', url: 'https://example.invalid/1' }] },
        top: { severity: 'high', isDirect: true, via: ['deep'] },
      },
      metadata: { vulnerabilities: { info: 0, low: 0, moderate: 1, high: 1, critical: 1, total: 3 } },
    };
    expect(severeAdvisories(fixture)).toEqual([
      'deep (critical): Prototype pollution',
      'top (high, direct): via deep',
      'metadata: 1 high, 1 critical',
    ]);
    expect(unreachable({ message: 'request to https://registry.npmjs.org failed, reason: getaddrinfo ENOTFOUND' }, '')).toMatch(
      /cannot be reached/,
    );
    expect(unreachable(fixture, '')).toBeNull();
    expect(unreachable({ message: 'ENOLOCK: requires an existing lockfile', code: 'ENOLOCK' }, '')).toBeNull();
  });
});
