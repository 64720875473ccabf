/** Error text of DuckDB for the page. */
/** DuckDB's error text, without the repeated context block DuckDB-Wasm appends (`LINE 1: … ^` twice). */
export function duckdbMessage(e: unknown): string {
  const text = (e instanceof Error ? e.message : String(e)).trim();
  const blocks = text.split(/\n\s*\n/);
  return blocks.filter((b, i) => i === 0 || b.trim() !== blocks[i - 1]!.trim()).join('\n\n');
}
