/** The subscribers slider: a log scale from 1,000 to 2,000,000 with "nice" values (two significant digits). */
import { SUBSCRIBER_SLIDER } from './scenario-form.ts';

/** Slider positions 0..SLIDER_STEPS. */
export const SLIDER_STEPS = 1000;
const LO = Math.log10(SUBSCRIBER_SLIDER.min);
const HI = Math.log10(SUBSCRIBER_SLIDER.max);

/** Rounds to two significant digits (12,345 → 12,000; 1,987 → 2,000). */
export function niceRound(v: number): number {
  if (!(v > 0)) return 0;
  const p = 10 ** Math.max(0, Math.floor(Math.log10(v)) - 1);
  return Math.round(v / p) * p;
}

/** Subscribers at a slider position. */
export function subscribersAt(pos: number): number {
  const t = Math.min(1, Math.max(0, pos / SLIDER_STEPS));
  return Math.min(SUBSCRIBER_SLIDER.max, Math.max(SUBSCRIBER_SLIDER.min, niceRound(10 ** (LO + t * (HI - LO)))));
}

/** Slider position of a subscriber count (clamped to the slider's range). */
export function positionOf(subscribers: number): number {
  if (!(subscribers > 0)) return 0;
  const t = (Math.log10(subscribers) - LO) / (HI - LO);
  return Math.round(Math.min(1, Math.max(0, t)) * SLIDER_STEPS);
}
