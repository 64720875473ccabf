import type { ChunkOutput } from '../batch.ts';
import { weekdayOf } from '../calendar.ts';
import type { ServiceType } from '../profiles/types.ts';
import type { World } from '../world.ts';
import { simContext } from './context.ts';
import { generateData } from './data.ts';
import { generateSms } from './sms.ts';
import { generateVoice } from './voice.ts';
import { finishBatch } from '../faults/apply.ts';
import { fraudSms, fraudVoice } from '../fraud/generate.ts';

/** Generates chunk `index` of the plan: a pure function of (world, index), whoever calls it. */
export function generateChunk(w: World, index: number, types: readonly ServiceType[] = w.plan.types): ChunkOutput {
  const spec = w.plan.chunks[index];
  if (!spec) throw new Error(`chunk ${index} is out of range (0..${w.plan.chunks.length - 1})`);
  const ctx = simContext(w);
  const weekday = weekdayOf(w.plan.startEpochDay + spec.day);
  const out: ChunkOutput = { index, day: spec.day, hour: spec.hour };
  if (types.includes('voice') && w.plan.types.includes('voice')) out.voice = generateVoice(w, ctx, spec, weekday);
  if (types.includes('sms') && w.plan.types.includes('sms')) out.sms = generateSms(w, ctx, spec, weekday);
  if (types.includes('data') && w.plan.types.includes('data')) out.data = generateData(w, ctx, spec, weekday);
  if (spec.extra) {
    // Fraud and faults (own sub-streams): fraud records merged in, faults applied, ledger rows made.
    out.ledger = {};
    if (out.voice)
      ({ batch: out.voice, ledger: out.ledger.voice } = finishBatch(w, spec, 'voice', out.voice, fraudVoice(w, spec, weekday)));
    if (out.sms) ({ batch: out.sms, ledger: out.ledger.sms } = finishBatch(w, spec, 'sms', out.sms, fraudSms(w, spec, weekday)));
    if (out.data) ({ batch: out.data, ledger: out.ledger.data } = finishBatch(w, spec, 'data', out.data, null));
  }
  return out;
}
