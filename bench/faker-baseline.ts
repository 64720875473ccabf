import { faker } from '@faker-js/faker';

const REGIONS = ['Bamako', 'Segou', 'Sikasso', 'Kayes', 'Mopti', 'Tombouctou', 'Gao', 'Kidal'];
const CELLS = REGIONS.map((r) => `CELL_${r.slice(0, 3).toUpperCase()}_001`);
const REASONS = ['NORMAL', 'FAILED', 'USER_TERMINATED', 'NO_ANSWER', 'NETWORK_ERROR'];
const FROM = new Date(Date.UTC(2025, 9, 1));
const TO = new Date(Date.UTC(2025, 9, 2));

export interface FakerVoiceRow {
  timestamp: string;
  call_id: string;
  caller_msisdn: string;
  callee_msisdn: string;
  call_type: string;
  duration_seconds: number;
  cell_id: string;
  region: string;
  termination_reason: string;
  charging_amount: number;
}

/** The reference: a row-by-row @faker-js/faker generator of the legacy voice columns (the original's approach). */
export function fakerVoiceRows(n: number, seed = 42): FakerVoiceRow[] {
  faker.seed(seed);
  const out: FakerVoiceRow[] = [];
  for (let i = 1; i <= n; i++) {
    out.push({
      timestamp: faker.date.between({ from: FROM, to: TO }).toISOString().slice(0, 19),
      call_id: `CALL_${String(i).padStart(6, '0')}`,
      caller_msisdn: '223' + faker.string.numeric(8),
      callee_msisdn: '223' + faker.string.numeric(8),
      call_type: faker.helpers.arrayElement(['MOC', 'MTC']),
      duration_seconds: faker.number.int({ min: 30, max: 1800 }),
      cell_id: faker.helpers.arrayElement(CELLS),
      region: faker.helpers.arrayElement(REGIONS),
      termination_reason: faker.helpers.arrayElement(REASONS),
      charging_amount: faker.number.float({ min: 0, max: 900, fractionDigits: 2 }),
    });
  }
  return out;
}
