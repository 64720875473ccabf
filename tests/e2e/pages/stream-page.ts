/** Page object of the streaming tab (src/ui/stream/StreamTab.tsx), English UI. */
import { expect, type Locator, type Page } from '@playwright/test';

export class StreamPage {
  readonly tab: Locator;
  readonly startButton: Locator;
  readonly pauseButton: Locator;
  readonly resumeButton: Locator;
  readonly stopButton: Locator;
  readonly status: Locator;
  readonly events: Locator;
  readonly achieved: Locator;
  readonly rateInput: Locator;
  readonly feedRows: Locator;
  readonly map: Locator;
  readonly chart: Locator;
  readonly sinkUrl: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByTestId('stream-tab');
    this.startButton = page.getByTestId('stream-start');
    this.pauseButton = page.getByTestId('stream-pause');
    this.resumeButton = page.getByTestId('stream-resume');
    this.stopButton = page.getByTestId('stream-stop');
    this.status = page.getByTestId('stream-status');
    this.events = page.getByTestId('stream-events');
    this.achieved = page.getByTestId('stream-achieved');
    this.rateInput = page.getByTestId('stream-rate');
    this.feedRows = page.getByTestId('stream-feed-row');
    this.map = page.getByTestId('stream-map');
    this.chart = page.getByTestId('stream-rate-chart');
    this.sinkUrl = page.getByTestId('stream-sink-url');
  }

  /** Opens the app on the streaming tab (route added by the app: `#/stream`). */
  async goto(): Promise<void> {
    await this.page.goto('/#/stream');
    await expect(this.tab).toBeVisible();
  }

  /** Paces by a target rate (events/s). */
  async setRate(eventsPerSecond: number): Promise<void> {
    await this.page.getByTestId('stream-mode-rate').check({ force: true });
    await this.rateInput.fill(String(eventsPerSecond));
    await this.rateInput.press('Enter');
  }

  /** Chooses a sink by its label and types its URL. */
  async setSink(label: 'HTTP POST (NDJSON)' | 'Kafka REST Proxy v2' | 'WebSocket', url: string): Promise<void> {
    await this.page.getByTestId('stream-sink').getByLabel(label).check();
    await this.sinkUrl.fill(url);
  }

  /** A number shown in a test id'd element ("1,234" → 1234). */
  async number(testId: string): Promise<number> {
    return Number(((await this.page.getByTestId(testId).textContent()) ?? '').replace(/[^\d]/g, '') || 0);
  }

  async phase(): Promise<string | null> {
    return this.status.getAttribute('data-phase');
  }
}
