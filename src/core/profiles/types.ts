/** A country profile: geography, operators, numbering plan, tariffs and the model's defaults. */
export interface Town {
  /** Display name (province / town / commune), written to the cells table. */
  name: string;
  lat: number;
  lon: number;
  /** Relative population weight inside its region. */
  weight: number;
  /** Spread of sites around the town centre, in degrees (1 sigma). */
  spread: number;
}

export interface Region {
  /** Name exactly as written in the CDR `region` column. */
  name: string;
  /** Three-letter code used in cell ids: CELL_<code>_<NNN>. */
  code: string;
  /** Share of subscribers and traffic, in percent (normalised). */
  weight: number;
  /** Id of the region feature in the profile's GeoJSON boundaries, when there is one. */
  geoId?: string;
  /** 0 = capital / dense urban, 1 = urban, 2 = rural, 3 = remote. Modulates RAT, failures, mobility. */
  ruralClass: 0 | 1 | 2 | 3;
  towns: Town[];
}

export interface Operator {
  id: string;
  name: string;
  mcc: string;
  mnc: string;
  /** National-number prefixes (digits after the country code). */
  prefixes: string[];
  /** Market share in percent; decides which off-net operator a number belongs to. */
  marketShare: number;
}

export interface ForeignDestination {
  /** Country calling code, digits. */
  countryCode: string;
  /** Digits of the national number that follow the country code. */
  nationalLength: number;
  weight: number;
}

export type ServiceType = 'voice' | 'sms' | 'data';

export type Rat = '2G' | '3G' | '4G' | '5G';
export type RatMix = Record<Rat, number>;

export type Weekly = [number, number, number, number, number, number, number];

/** Per-service time profile: hour-of-day shares (%) and day-of-week multipliers (Mon..Sun). */
export interface TimeCurve {
  hourly: number[];
  weekday: Weekly;
  /** Extra multipliers for specific (weekday, hour) cells, e.g. Friday prayer. */
  adjustments: { weekday: number; fromHour: number; toHour: number; factor: number }[];
}

export interface VoiceModel {
  mocPerSubDay: number;
  /** MTC records from off-net / international callers per MOC attempt. */
  inboundPerMoc: number;
  destinations: { onNet: number; offNet: number; international: number };
  /** MOC attempt outcome mix in percent. */
  outcomes: {
    answered: number;
    dropped: number;
    noAnswer: number;
    busy: number;
    unreachable: number;
    congestion: number;
    invalid: number;
  };
  /** Share of answered calls recorded as USER_TERMINATED instead of NORMAL. */
  userTerminatedShare: number;
  /** Lognormal parameters of answered-call durations (seconds). */
  durationMu: number;
  durationSigma: number;
  durationCapSeconds: number;
  /** Multiplier applied to `unreachable` per rural class 0..3. */
  unreachableByRuralClass: [number, number, number, number];
  /** Multiplier applied to `congestion` in hours whose voice share is at least `busyHourShare`. */
  busyHourCongestionFactor: number;
  busyHourShare: number;
}

export interface SmsModel {
  moPerSubDay: number;
  /** All MT records per subscriber per day (paired on-net MT + off-net + A2P). */
  mtPerSubDay: number;
  destinations: { onNet: number; offNet: number; international: number };
  delivery: { delivered: number; failed: number; pending: number };
  lengthMu: number;
  lengthSigma: number;
}

export interface DataModel {
  sessionsPerUserDay: number;
  durationMu: number;
  durationSigma: number;
  durationCapSeconds: number;
  downMu: number;
  downSigma: number;
  upMu: number;
  upSigma: number;
  /** Correlation between log-duration and log-bytes. */
  bytesDurationCorrelation: number;
  /** RAT mix of data sessions in percent. */
  rat: { '2G': number; '3G': number; '4G': number; '5G': number };
  /** Max plausible throughput per RAT in bytes per second. */
  maxThroughput: { '2G': number; '3G': number; '4G': number; '5G': number };
  capital4gFactor: number;
  remote2gFactor: number;
  endReasons: { normal: number; userTerminated: number; quotaExceeded: number; networkError: number; timeout: number };
  /** APN names (the Mali legacy set, for instance) with their shares and per-KiB tariffs. */
  apns: { name: string; share: number; pricePerKiB: number; qci: number }[];
}

export interface PopulationModel {
  prepaidShare: number;
  dataUserShare: number;
  /** Sigma of the lognormal activity multiplier (mean normalised to 1). */
  activitySigma: number;
  /** Share of SIMs inactive on a given day. */
  inactiveShare: number;
  /** Share of events at the home or work cell. */
  homeWorkShare: number;
  /** Share of subscribers (by rural class) who use a single cell. */
  singleCellShareByRuralClass: [number, number, number, number];
  /** Subscribers per site and sectors per site. */
  subscribersPerSite: number;
  sectorsPerSite: number;
  /** Contact-circle sizes. */
  contactsMin: number;
  contactsMax: number;
  contactZipfExponent: number;
  /** Share of on-net contacts living in the subscriber's own region. */
  sameRegionContactShare: number;
  /** Highest technology of a site, in percent, per rural class 0..3. */
  siteTechnologyByRuralClass: [RatMix, RatMix, RatMix, RatMix];
  /** Device type allocation codes (8 digits) with shares. */
  devices: { tac: string; model: string; share: number; maxRat: '2G' | '3G' | '4G' | '5G' }[];
}

export interface Tariffs {
  /** Voice price per second by destination, in currency units. */
  voicePerSecond: { onNet: number; offNet: number; international: number };
  /** SMS price per message by destination. */
  smsPerMessage: { onNet: number; offNet: number; international: number };
}

export interface Profile {
  id: string;
  name: string;
  /** Lower-case ASCII country slug used in file names (cell_towers_<country>.csv). */
  country: string;
  countryCode: string;
  nationalLength: number;
  currency: string;
  /** Fixed offset of local time from UTC in minutes (the legacy timestamp is naive local time). */
  utcOffsetMinutes: number;
  timeZone: string;
  regions: Region[];
  /** The operator whose subscribers we simulate comes first. */
  operators: Operator[];
  foreign: ForeignDestination[];
  tariffs: Tariffs;
  time: Record<ServiceType, TimeCurve>;
  voice: VoiceModel;
  sms: SmsModel;
  data: DataModel;
  population: PopulationModel;
  /** First names and last names for the legacy Subscribers.csv reference file. */
  names: { first: string[]; last: string[]; emailDomain: string };
  /** Attribution to show with the region map, when boundaries come with a licence. */
  mapAttribution?: string;
}
