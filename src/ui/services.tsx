/** How each CDR service is shown: icon and colours (labels come from the i18n catalogue). */
import type { ComponentType, SVGProps } from 'react';
import type { ServiceType } from '../core/index.ts';
import { DataIcon, MessageIcon, PhoneIcon } from './icons.tsx';

export interface ServiceLook {
  type: ServiceType;
  Icon: ComponentType<SVGProps<SVGSVGElement>>;
  /** Tailwind classes: icon chip and bar. */
  chip: string;
  bar: string;
  /** Chart colour. */
  color: string;
}

export const SERVICE_LOOKS: readonly ServiceLook[] = [
  { type: 'voice', Icon: PhoneIcon, chip: 'bg-orange-50 text-orange-600 ring-orange-200', bar: 'bg-orange-500', color: '#f97316' },
  { type: 'sms', Icon: MessageIcon, chip: 'bg-sky-50 text-sky-600 ring-sky-200', bar: 'bg-sky-500', color: '#0ea5e9' },
  { type: 'data', Icon: DataIcon, chip: 'bg-violet-50 text-violet-600 ring-violet-200', bar: 'bg-violet-500', color: '#8b5cf6' },
];

export const SERVICE_COLOR: Record<ServiceType, string> = { voice: '#f97316', sms: '#0ea5e9', data: '#8b5cf6' };
