/** A one-line progress bar on stderr (only used when stderr is a TTY). */
export class Progress {
  private done_ = 0;
  private last = 0;
  private readonly t0 = performance.now();
  constructor(private readonly total: number) {}

  add(n: number): void {
    this.done_ += n;
    const now = performance.now();
    if (now - this.last < 150) return;
    this.last = now;
    this.render(now);
  }

  private render(now: number): void {
    const frac = this.total > 0 ? this.done_ / this.total : 1;
    const width = 28;
    const filled = Math.round(frac * width);
    const secs = (now - this.t0) / 1000;
    const rate = secs > 0 ? this.done_ / secs : 0;
    const eta = rate > 0 ? (this.total - this.done_) / rate : 0;
    const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)}k` : String(Math.round(n)));
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${fmt(this.done_)}/${fmt(this.total)} rows  ${fmt(rate)} rows/s  ETA ${eta.toFixed(0)}s   `,
    );
  }

  done(): void {
    this.render(performance.now());
    process.stderr.write('\n');
  }
}
