/** Page object of the Explore tab (DuckDB-Wasm over the last run). Stable hooks: data-testid attributes. */
import { expect, type Locator, type Page } from '@playwright/test';

export interface ExploreTimings {
  engineMs: number;
  tablesMs: number;
  queryMs: number;
  firstAnswerMs: number;
  rows: number;
}

export class ExplorePage {
  readonly tab: Locator;
  readonly root: Locator;
  readonly sql: Locator;
  readonly runButton: Locator;
  readonly error: Locator;
  readonly result: Locator;
  readonly table: Locator;
  readonly chart: Locator;
  readonly timings: Locator;
  readonly answerKey: Locator;
  readonly answerSummary: Locator;
  readonly readyQueries: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByRole('tab', { name: 'Explore' });
    this.root = page.getByTestId('explore');
    this.sql = page.getByTestId('explore-sql');
    this.runButton = page.getByTestId('explore-run');
    this.error = page.getByTestId('explore-error');
    this.result = page.getByTestId('explore-result');
    this.table = page.getByTestId('explore-table');
    this.chart = page.getByTestId('explore-chart');
    this.timings = page.getByTestId('explore-timings');
    this.answerKey = page.getByTestId('answer-key');
    this.answerSummary = page.getByTestId('answer-key-summary');
    this.readyQueries = page.getByTestId('ready-query');
  }

  /** Opens the tab and waits until DuckDB has loaded the run and answered the first query; returns the page's timings. */
  async open(timeout = 120_000): Promise<ExploreTimings> {
    await this.tab.click();
    await expect(this.timings).toBeVisible({ timeout });
    return this.readTimings();
  }

  async readTimings(): Promise<ExploreTimings> {
    const n = async (a: string) => Number(await this.timings.getAttribute(`data-${a}`));
    return {
      engineMs: await n('engine-ms'),
      tablesMs: await n('tables-ms'),
      queryMs: await n('query-ms'),
      firstAnswerMs: await n('first-answer-ms'),
      rows: await n('rows'),
    };
  }

  /** Ids of the ready-made queries offered. */
  async queryIds(): Promise<string[]> {
    return this.readyQueries.evaluateAll((bs) => bs.map((b) => b.getAttribute('data-query') ?? ''));
  }

  /** Runs a ready-made query and waits for its result. */
  async runReady(id: string): Promise<void> {
    await this.page.locator(`[data-testid="ready-query"][data-query="${id}"]`).click();
    await expect(this.result).toHaveAttribute('data-query', id);
    await expect(this.runButton).toBeEnabled();
  }

  /** Types SQL and runs it with Ctrl+Enter (or the Run button). */
  async runSql(sql: string, how: 'keys' | 'button' = 'keys'): Promise<void> {
    await this.sql.fill(sql);
    if (how === 'keys') await this.sql.press('Control+Enter');
    else await this.runButton.click();
    await expect(this.runButton).toBeEnabled();
  }

  /** Rows of the current result (the whole result, not only the rows in view). */
  async resultRows(): Promise<number> {
    return Number(await this.table.getAttribute('data-rows'));
  }
}
