import { DEFAULT_DATA, DEFAULT_POPULATION, DEFAULT_SMS, DEFAULT_TIME, DEFAULT_VOICE } from './defaults.ts';
import type { Profile } from './types.ts';

const t = (name: string, lat: number, lon: number, weight: number, spread = 0.06) => ({ name, lat, lon, weight, spread });

/**
 * "Mali — OMEA demo": the 8 legacy regions, Orange Mali numbering and the legacy tariffs.
 * International destinations default to 0 % so that every MSISDN honours the legacy contract
 * (223 + 8 digits); raise `voice.destinations.international` to add foreign numbers.
 */
export const MALI_OMEA: Profile = {
  id: 'mali-omea',
  name: 'Mali — OMEA demo (legacy contract)',
  country: 'mali',
  countryCode: '223',
  nationalLength: 8,
  currency: 'XOF',
  utcOffsetMinutes: 0,
  timeZone: 'Africa/Bamako',
  regions: [
    {
      name: 'Bamako', code: 'BAM', weight: 27, geoId: 'bamako', ruralClass: 0,
      towns: [
        t('Bamako Commune I', 12.665, -7.965, 14, 0.012), t('Bamako Commune II', 12.650, -7.985, 10, 0.01),
        t('Bamako Commune III', 12.645, -8.010, 9, 0.01), t('Bamako Commune IV', 12.655, -8.035, 17, 0.012),
        t('Bamako Commune V', 12.605, -8.015, 22, 0.012), t('Bamako Commune VI', 12.590, -7.960, 28, 0.014),
      ],
    },
    {
      name: 'Segou', code: 'SEG', weight: 17, geoId: 'segou', ruralClass: 1,
      towns: [t('Segou', 13.432, -6.266, 30, 0.05), t('San', 13.303, -4.896, 18), t('Niono', 14.252, -5.993, 16), t('Bla', 12.950, -5.760, 12), t('Markala', 13.700, -6.070, 12), t('Macina', 13.960, -5.360, 12)],
    },
    {
      name: 'Sikasso', code: 'SIK', weight: 19, geoId: 'sikasso', ruralClass: 1,
      towns: [t('Sikasso', 11.318, -5.666, 32, 0.05), t('Koutiala', 12.390, -5.464, 24), t('Bougouni', 11.418, -7.483, 18), t('Kadiolo', 10.550, -5.760, 10, 0.04), t('Yorosso', 12.360, -4.780, 8), t('Kolondieba', 11.090, -6.890, 8)],
    },
    {
      name: 'Kayes', code: 'KAY', weight: 15, geoId: 'kayes', ruralClass: 2,
      towns: [t('Kayes', 14.447, -11.445, 30, 0.05), t('Kita', 13.035, -9.490, 22), t('Nioro du Sahel', 15.230, -9.590, 16), t('Bafoulabe', 13.810, -10.830, 10), t('Diema', 14.540, -9.190, 10), t('Yelimane', 15.120, -10.570, 12)],
    },
    {
      name: 'Mopti', code: 'MOP', weight: 15, geoId: 'mopti', ruralClass: 2,
      towns: [t('Mopti', 14.484, -4.197, 28, 0.05), t('Djenne', 13.906, -4.553, 14), t('Bandiagara', 14.350, -3.610, 16), t('Douentza', 15.000, -2.950, 12), t('Koro', 14.070, -3.080, 16), t('Tenenkou', 14.460, -4.920, 14)],
    },
    {
      name: 'Tombouctou', code: 'TOM', weight: 3.5, geoId: 'tombouctou', ruralClass: 3,
      towns: [t('Tombouctou', 16.773, -3.007, 40, 0.04), t('Goundam', 16.410, -3.670, 20), t('Dire', 16.280, -3.390, 20), t('Niafunke', 15.930, -3.990, 20)],
    },
    {
      name: 'Gao', code: 'GAO', weight: 3, geoId: 'gao', ruralClass: 3,
      towns: [t('Gao', 16.272, -0.045, 50, 0.04), t('Ansongo', 15.660, 0.500, 18), t('Bourem', 16.950, -0.350, 16), t('Menaka', 15.920, 2.400, 16)],
    },
    {
      name: 'Kidal', code: 'KID', weight: 0.5, geoId: 'kidal', ruralClass: 3,
      towns: [t('Kidal', 18.441, 1.408, 60, 0.03), t('Tessalit', 20.200, 1.010, 15), t('Abeibara', 19.120, 1.750, 10), t('Tin-Essako', 18.450, 2.480, 15)],
    },
  ],
  operators: [
    { id: 'orange', name: 'Orange Mali', mcc: '610', mnc: '02', prefixes: ['70', '71', '72', '73', '74', '75', '76', '77', '78', '79'], marketShare: 55 },
    { id: 'moov', name: 'Moov Africa Malitel', mcc: '610', mnc: '01', prefixes: ['60', '61', '62', '63', '64', '65', '66', '67', '68', '69', '90', '91', '92', '93', '94', '95', '96', '97', '98', '99'], marketShare: 45 },
  ],
  foreign: [
    { countryCode: '225', nationalLength: 10, weight: 25 },
    { countryCode: '221', nationalLength: 9, weight: 18 },
    { countryCode: '226', nationalLength: 8, weight: 15 },
    { countryCode: '33', nationalLength: 9, weight: 20 },
    { countryCode: '224', nationalLength: 9, weight: 10 },
    { countryCode: '1', nationalLength: 10, weight: 7 },
    { countryCode: '86', nationalLength: 11, weight: 5 },
  ],
  tariffs: {
    voicePerSecond: { onNet: 0.5, offNet: 0.5, international: 0.5 },
    smsPerMessage: { onNet: 25, offNet: 25, international: 25 },
  },
  time: DEFAULT_TIME,
  voice: { ...DEFAULT_VOICE, destinations: { onNet: 80, offNet: 20, international: 0 }, inboundPerMoc: 0.2 },
  sms: { ...DEFAULT_SMS, destinations: { onNet: 80, offNet: 20, international: 0 }, delivery: { delivered: 90, failed: 5, pending: 5 } },
  data: {
    ...DEFAULT_DATA,
    rat: { '2G': 25, '3G': 45, '4G': 30, '5G': 0 },
    apns: [
      { name: 'internet.mali', share: 93, pricePerKiB: 0.0002, qci: 9 },
      { name: 'mms.mali', share: 2, pricePerKiB: 0.0001, qci: 8 },
      { name: 'wap.mali', share: 5, pricePerKiB: 0.00015, qci: 9 },
    ],
  },
  population: DEFAULT_POPULATION,
  names: {
    first: ['Moussa', 'Mamadou', 'Oumar', 'Ibrahim', 'Seydou', 'Boubacar', 'Adama', 'Bakary', 'Modibo', 'Souleymane', 'Abdoulaye', 'Cheick', 'Drissa', 'Lassina', 'Youssouf', 'Aminata', 'Fatoumata', 'Awa', 'Mariam', 'Kadiatou', 'Oumou', 'Rokia', 'Assitan', 'Salimata', 'Djeneba', 'Hawa', 'Aïssata', 'Kadidia', 'Nana', 'Bintou'],
    last: ['Traoré', 'Coulibaly', 'Diarra', 'Keïta', 'Konaté', 'Touré', 'Sangaré', 'Sidibé', 'Cissé', 'Diallo', 'Maïga', 'Dembélé', 'Koné', 'Camara', 'Doumbia', 'Sissoko', 'Kanté', 'Samaké', 'Dicko', 'Ballo', 'Togola', 'Bagayoko', 'Fofana', 'Haïdara'],
    emailDomain: 'example.ml',
  },
  mapAttribution: 'Region boundaries: Made with Natural Earth (public domain).',
};
