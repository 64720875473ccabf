import type { DataModel, PopulationModel, SmsModel, TimeCurve, VoiceModel, ServiceType } from './types.ts';

/** Hour-of-day shares (%) and weekday multipliers from REALISM.md §1. */
export const DEFAULT_TIME: Record<ServiceType, TimeCurve> = {
  voice: {
    hourly: [1.2, 0.6, 0.4, 0.3, 0.4, 0.9, 2.2, 3.8, 5.0, 6.0, 6.0, 6.0, 5.9, 5.5, 5.3, 5.4, 5.6, 6.1, 6.6, 7.0, 6.9, 6.0, 4.3, 2.6],
    weekday: [1.0, 1.0, 1.0, 1.0, 0.97, 0.95, 0.9],
    adjustments: [{ weekday: 4, fromHour: 13, toHour: 14, factor: 0.8 }],
  },
  sms: {
    hourly: [2.3, 0.9, 0.5, 0.4, 0.4, 0.8, 1.9, 3.4, 4.6, 5.4, 5.6, 5.6, 5.5, 5.3, 5.2, 5.3, 5.5, 5.9, 6.3, 6.6, 6.7, 6.7, 5.3, 3.9],
    weekday: [1, 1, 1, 1, 1, 1, 1],
    adjustments: [],
  },
  data: {
    hourly: [3.2, 2.2, 1.6, 1.3, 1.2, 1.4, 2.2, 3.2, 4.0, 4.4, 4.7, 4.9, 5.0, 5.0, 4.9, 4.7, 5.0, 5.3, 5.6, 6.0, 6.5, 6.8, 6.1, 4.8],
    weekday: [1, 1, 1, 1, 1, 1.05, 1.08],
    adjustments: [],
  },
};

/** Voice model of REALISM.md §2–3 (destination mix set per profile). */
export const DEFAULT_VOICE: VoiceModel = {
  mocPerSubDay: 2.7,
  inboundPerMoc: 0.2,
  destinations: { onNet: 80, offNet: 18, international: 2 },
  outcomes: { answered: 68, dropped: 2, noAnswer: 14, busy: 6, unreachable: 7, congestion: 2, invalid: 1 },
  userTerminatedShare: 0.12,
  durationMu: 3.9,
  durationSigma: 1.1,
  durationCapSeconds: 3600,
  unreachableByRuralClass: [0.8, 1.0, 1.4, 1.8],
  busyHourCongestionFactor: 2,
  busyHourShare: 6.5,
};

/** SMS model of REALISM.md §2 and §4. */
export const DEFAULT_SMS: SmsModel = {
  moPerSubDay: 0.3,
  mtPerSubDay: 0.7,
  destinations: { onNet: 80, offNet: 18, international: 2 },
  delivery: { delivered: 97, failed: 2, pending: 1 },
  lengthMu: 3.75,
  lengthSigma: 0.6,
};

/** Data model of REALISM.md §5 (APNs set per profile). */
export const DEFAULT_DATA: Omit<DataModel, 'apns'> = {
  sessionsPerUserDay: 6,
  durationMu: 5.7,
  durationSigma: 1.4,
  durationCapSeconds: 3600,
  downMu: 14.3,
  downSigma: 2.0,
  upMu: 12.2,
  upSigma: 2.0,
  bytesDurationCorrelation: 0.6,
  rat: { '2G': 15, '3G': 40, '4G': 45, '5G': 0 },
  maxThroughput: { '2G': 40_000, '3G': 1_000_000, '4G': 10_000_000, '5G': 50_000_000 },
  capital4gFactor: 1.3,
  remote2gFactor: 1.5,
  endReasons: { normal: 85, userTerminated: 5, quotaExceeded: 5, networkError: 3, timeout: 2 },
};

/** Population model of REALISM.md §2, §6 and §7. */
export const DEFAULT_POPULATION: PopulationModel = {
  prepaidShare: 0.93,
  dataUserShare: 0.55,
  activitySigma: 1.0,
  inactiveShare: 0.03,
  homeWorkShare: 0.8,
  singleCellShareByRuralClass: [0.05, 0.2, 0.6, 0.85],
  subscribersPerSite: 5000,
  sectorsPerSite: 3,
  contactsMin: 5,
  contactsMax: 30,
  contactZipfExponent: 1.1,
  sameRegionContactShare: 0.8,
  siteTechnologyByRuralClass: [
    { '2G': 0, '3G': 15, '4G': 80, '5G': 5 },
    { '2G': 10, '3G': 35, '4G': 55, '5G': 0 },
    { '2G': 25, '3G': 45, '4G': 30, '5G': 0 },
    { '2G': 50, '3G': 35, '4G': 15, '5G': 0 },
  ],
  devices: [
    { tac: '35328111', model: 'Tecno Spark 10', share: 22, maxRat: '4G' },
    { tac: '86751204', model: 'Itel A70', share: 18, maxRat: '4G' },
    { tac: '35917809', model: 'Samsung Galaxy A14', share: 14, maxRat: '4G' },
    { tac: '86891405', model: 'Infinix Hot 30', share: 12, maxRat: '4G' },
    { tac: '35209907', model: 'Nokia 105', share: 16, maxRat: '2G' },
    { tac: '86012303', model: 'Itel it2163', share: 8, maxRat: '2G' },
    { tac: '35467211', model: 'Xiaomi Redmi 12C', share: 6, maxRat: '4G' },
    { tac: '35896110', model: 'Huawei Y6', share: 3, maxRat: '3G' },
    { tac: '35390512', model: 'Samsung Galaxy A54 5G', share: 1, maxRat: '5G' },
  ],
};
