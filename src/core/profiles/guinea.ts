import { DEFAULT_DATA, DEFAULT_POPULATION, DEFAULT_SMS, DEFAULT_TIME, DEFAULT_VOICE } from './defaults.ts';
import type { Profile } from './types.ts';

const t = (name: string, lat: number, lon: number, weight: number, spread = 0.05) => ({ name, lat, lon, weight, spread });

/** Guinea: the 8 real administrative regions, Orange Guinée numbering, ARPT 2022–2023 figures. */
export const GUINEA: Profile = {
  id: 'guinea',
  name: 'Guinea — Orange Guinée',
  country: 'guinea',
  countryCode: '224',
  nationalLength: 9,
  currency: 'GNF',
  utcOffsetMinutes: 0,
  timeZone: 'Africa/Conakry',
  regions: [
    {
      name: 'Conakry', code: 'CKY', weight: 30, geoId: 'conakry', ruralClass: 0,
      towns: [t('Kaloum', 9.509, -13.712, 10, 0.006), t('Dixinn', 9.550, -13.675, 17, 0.008), t('Matam', 9.545, -13.650, 19, 0.008), t('Ratoma', 9.610, -13.630, 30, 0.012), t('Matoto', 9.585, -13.590, 24, 0.012)],
    },
    {
      name: 'Kankan', code: 'KAN', weight: 17, geoId: 'kankan', ruralClass: 1,
      towns: [t('Kankan', 10.385, -9.306, 34, 0.04), t('Siguiri', 11.420, -9.170, 26), t('Kouroussa', 10.650, -9.880, 14), t('Mandiana', 10.630, -8.690, 14), t('Kerouane', 9.270, -9.010, 12)],
    },
    {
      name: 'Kindia', code: 'KIN', weight: 13, geoId: 'kindia', ruralClass: 1,
      towns: [t('Kindia', 10.083, -12.800, 30, 0.04), t('Coyah', 9.710, -13.390, 24, 0.03), t('Dubreka', 9.790, -13.520, 20, 0.03), t('Forecariah', 9.430, -13.090, 14), t('Telimele', 10.900, -13.030, 12)],
    },
    {
      name: 'Nzérékoré', code: 'NZE', weight: 13, geoId: 'nzerekore', ruralClass: 2,
      towns: [t('Nzérékoré', 7.756, -8.818, 32, 0.04), t('Guéckédou', 8.560, -10.130, 18), t('Macenta', 8.540, -9.470, 16), t('Beyla', 8.690, -8.660, 12), t('Lola', 7.800, -8.530, 12), t('Yomou', 7.570, -9.260, 10)],
    },
    {
      name: 'Boké', code: 'BOK', weight: 9, geoId: 'boke', ruralClass: 2,
      towns: [t('Boké', 10.932, -14.291, 26, 0.04), t('Kamsar', 10.650, -14.610, 22, 0.03), t('Fria', 10.370, -13.580, 16), t('Boffa', 10.180, -14.040, 14, 0.03), t('Gaoual', 11.750, -13.200, 12), t('Koundara', 12.480, -13.300, 10)],
    },
    {
      name: 'Faranah', code: 'FAR', weight: 6, geoId: 'faranah', ruralClass: 3,
      towns: [t('Faranah', 10.030, -10.750, 28, 0.04), t('Kissidougou', 9.180, -10.100, 32), t('Dabola', 10.750, -11.110, 22), t('Dinguiraye', 11.300, -10.720, 18)],
    },
    {
      name: 'Labé', code: 'LAB', weight: 6, geoId: 'labe', ruralClass: 2,
      towns: [t('Labé', 11.318, -12.283, 44, 0.04), t('Koubia', 11.580, -11.890, 12), t('Lélouma', 11.420, -12.700, 14), t('Mali', 12.080, -12.300, 16), t('Tougué', 11.440, -11.670, 14)],
    },
    {
      name: 'Mamou', code: 'MAM', weight: 6, geoId: 'mamou', ruralClass: 2,
      towns: [t('Mamou', 10.375, -12.091, 46, 0.04), t('Dalaba', 10.690, -12.250, 22), t('Pita', 11.060, -12.400, 32)],
    },
  ],
  operators: [
    { id: 'orange', name: 'Orange Guinée', mcc: '611', mnc: '01', prefixes: ['61', '62'], marketShare: 67 },
    { id: 'mtn', name: 'MTN Guinée', mcc: '611', mnc: '04', prefixes: ['66'], marketShare: 24 },
    { id: 'cellcom', name: 'Cellcom Guinée', mcc: '611', mnc: '05', prefixes: ['65'], marketShare: 9 },
  ],
  foreign: [
    { countryCode: '223', nationalLength: 8, weight: 15 },
    { countryCode: '221', nationalLength: 9, weight: 18 },
    { countryCode: '225', nationalLength: 10, weight: 20 },
    { countryCode: '231', nationalLength: 9, weight: 8 },
    { countryCode: '232', nationalLength: 8, weight: 9 },
    { countryCode: '33', nationalLength: 9, weight: 20 },
    { countryCode: '1', nationalLength: 10, weight: 10 },
  ],
  tariffs: {
    voicePerSecond: { onNet: 9, offNet: 12, international: 50 },
    smsPerMessage: { onNet: 150, offNet: 200, international: 500 },
  },
  time: DEFAULT_TIME,
  voice: { ...DEFAULT_VOICE, destinations: { onNet: 94, offNet: 5, international: 1 }, inboundPerMoc: 0.06 },
  sms: { ...DEFAULT_SMS, destinations: { onNet: 94, offNet: 5, international: 1 } },
  data: {
    ...DEFAULT_DATA,
    apns: [
      { name: 'internet', share: 93, pricePerKiB: 0.0244, qci: 9 },
      { name: 'mms', share: 2, pricePerKiB: 0.0122, qci: 8 },
      { name: 'orangeweb', share: 5, pricePerKiB: 0.0183, qci: 9 },
    ],
  },
  // Orange Guinée has 4G in every regional capital (GSMA 2023): more 4G sites than the default.
  population: {
    ...DEFAULT_POPULATION,
    siteTechnologyByRuralClass: [
      { '2G': 0, '3G': 10, '4G': 85, '5G': 5 },
      { '2G': 5, '3G': 30, '4G': 65, '5G': 0 },
      { '2G': 15, '3G': 40, '4G': 45, '5G': 0 },
      { '2G': 35, '3G': 40, '4G': 25, '5G': 0 },
    ],
  },
  names: {
    first: ['Mamadou', 'Alpha', 'Ibrahima', 'Amadou', 'Sékou', 'Ousmane', 'Thierno', 'Mohamed', 'Abdoulaye', 'Lansana', 'Fodé', 'Kadiatou', 'Mariama', 'Fatoumata', 'Aïssatou', 'Hawa', 'Djénabou', 'Oumou', 'Nènè', 'Saran', 'Mabinty'],
    last: ['Diallo', 'Barry', 'Bah', 'Camara', 'Sylla', 'Condé', 'Soumah', 'Touré', 'Keïta', 'Kourouma', 'Sow', 'Baldé', 'Kaba', 'Cissé', 'Bangoura', 'Traoré', 'Konaté', 'Doumbouya', 'Haba', 'Loua', 'Kamano', 'Guilavogui'],
    emailDomain: 'example.gn',
  },
  mapAttribution:
    'Region boundaries: geoBoundaries (www.geoboundaries.org), Guinea ADM1, derived from the OCHA/HDX Guinea geodatabase. CC BY 3.0 IGO. Simplified and re-attributed for this app.',
};
