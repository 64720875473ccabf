/** How each CDR service is shown: label, icon and colour. */
import type { ComponentType, SVGProps } from 'react';
import type { ServiceType } from '../core/index.ts';
import { DataIcon, MessageIcon, PhoneIcon } from './icons.tsx';

export interface ServiceLook {
  type: ServiceType;
  label: string;
  Icon: ComponentType<SVGProps<SVGSVGElement>>;
  /** Tailwind classes: icon chip and bar. */
  chip: string;
  bar: string;
}

export const SERVICE_LOOKS: readonly ServiceLook[] = [
  { type: 'voice', label: 'Voice', Icon: PhoneIcon, chip: 'bg-orange-50 text-orange-600 ring-orange-200', bar: 'bg-orange-500' },
  { type: 'sms', label: 'SMS', Icon: MessageIcon, chip: 'bg-sky-50 text-sky-600 ring-sky-200', bar: 'bg-sky-500' },
  { type: 'data', label: 'Data', Icon: DataIcon, chip: 'bg-violet-50 text-violet-600 ring-violet-200', bar: 'bg-violet-500' },
];
