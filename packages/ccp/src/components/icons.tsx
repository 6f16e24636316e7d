/** The few icons the desktop uses, inline (decorative: every button also has a label). */
import type { ReactElement } from 'react';

const Svg = ({ children }: { children: ReactElement | ReactElement[] }) => (
  <svg
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
    focusable="false"
  >
    {children}
  </svg>
);

export const BellIcon = () => (
  <Svg>
    <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
    <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
  </Svg>
);
export const BellOffIcon = () => (
  <Svg>
    <path d="M8.7 3A6 6 0 0 1 18 8a21.3 21.3 0 0 0 .6 5" />
    <path d="M17 17H3s3-2 3-9a4.67 4.67 0 0 1 .3-1.7" />
    <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    <path d="m2 2 20 20" />
  </Svg>
);
export const MoonIcon = () => (
  <Svg>
    <path d="M12 3a6 6 0 0 0 9 9 9 9 0 1 1-9-9Z" />
  </Svg>
);
export const SunIcon = () => (
  <Svg>
    <circle cx="12" cy="12" r="4" />
    <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
  </Svg>
);
export const HelpIcon = () => (
  <Svg>
    <circle cx="12" cy="12" r="10" />
    <path d="M9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3" />
    <path d="M12 17h.01" />
  </Svg>
);
export const SignOutIcon = () => (
  <Svg>
    <path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4" />
    <path d="m16 17 5-5-5-5" />
    <path d="M21 12H9" />
  </Svg>
);
export const ClipIcon = () => (
  <Svg>
    <path d="m21.4 11.1-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5" />
  </Svg>
);
export const SendIcon = () => (
  <Svg>
    <path d="m22 2-7 20-4-9-9-4Z" />
    <path d="M22 2 11 13" />
  </Svg>
);
export const TransferIcon = () => (
  <Svg>
    <path d="m16 3 4 4-4 4" />
    <path d="M20 7H4" />
    <path d="m8 21-4-4 4-4" />
    <path d="M4 17h16" />
  </Svg>
);
export const InfoIcon = () => (
  <Svg>
    <circle cx="12" cy="12" r="10" />
    <path d="M12 16v-4" />
    <path d="M12 8h.01" />
  </Svg>
);
export const EndIcon = () => (
  <Svg>
    <path d="M18 6 6 18" />
    <path d="m6 6 12 12" />
  </Svg>
);
export const FileIcon = () => (
  <Svg>
    <path d="M14.5 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V7.5L14.5 2z" />
    <path d="M14 2v6h6" />
  </Svg>
);
export const TaskIcon = () => (
  <Svg>
    <rect x="5" y="3" width="14" height="18" rx="2" />
    <path d="M9 3.5V5h6V3.5" />
    <path d="m9 13 2 2 4-4" />
  </Svg>
);
export const PauseIcon = () => (
  <Svg>
    <path d="M9 5v14" />
    <path d="M15 5v14" />
  </Svg>
);
export const PlayIcon = () => (
  <Svg>
    <path d="m7 4 12 8-12 8Z" />
  </Svg>
);
export const PlusIcon = () => (
  <Svg>
    <path d="M12 5v14" />
    <path d="M5 12h14" />
  </Svg>
);
export const CopyIcon = () => (
  <Svg>
    <rect x="9" y="9" width="12" height="12" rx="2" />
    <path d="M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1" />
  </Svg>
);
export const ExternalIcon = () => (
  <Svg>
    <path d="M15 3h6v6" />
    <path d="M10 14 21 3" />
    <path d="M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6" />
  </Svg>
);
export const PhoneIcon = () => (
  <Svg>
    <path d="M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1.9.4 1.8.7 2.7a2 2 0 0 1-.5 2.1L8 9.8a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.7.7a2 2 0 0 1 1.7 2z" />
  </Svg>
);
export const HangUpIcon = () => (
  <Svg>
    <path d="M3.7 13.6 2.3 12.2a1.5 1.5 0 0 1 0-2.1C7.6 4.9 16.4 4.9 21.7 10.1a1.5 1.5 0 0 1 0 2.1l-1.4 1.4a1.5 1.5 0 0 1-1.9.2l-2.3-1.4a1.5 1.5 0 0 1-.7-1.3V9.4a12 12 0 0 0-6.8 0v1.7a1.5 1.5 0 0 1-.7 1.3l-2.3 1.4a1.5 1.5 0 0 1-1.9-.2z" />
  </Svg>
);
export const MicIcon = () => (
  <Svg>
    <rect x="9" y="2" width="6" height="12" rx="3" />
    <path d="M5 10a7 7 0 0 0 14 0" />
    <path d="M12 17v4" />
  </Svg>
);
export const MicOffIcon = () => (
  <Svg>
    <path d="m2 2 20 20" />
    <path d="M15 9.3V5a3 3 0 0 0-5.7-1.3" />
    <path d="M9 9v1a3 3 0 0 0 5.1 2.1" />
    <path d="M19 10a7 7 0 0 1-1 3.6M5 10a7 7 0 0 0 11 5.7" />
    <path d="M12 17v4" />
  </Svg>
);
/** Two people: a consult. */
export const ConsultIcon = () => (
  <Svg>
    <path d="M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2" />
    <circle cx="9" cy="7" r="4" />
    <path d="M22 21v-2a4 4 0 0 0-3-3.87" />
    <path d="M16 3.13a4 4 0 0 1 0 7.75" />
  </Svg>
);
/** Arrows both ways: swap. */
export const SwapIcon = () => (
  <Svg>
    <path d="m16 3 4 4-4 4" />
    <path d="M20 7H4" />
    <path d="m8 21-4-4 4-4" />
    <path d="M4 17h16" />
  </Svg>
);
/** A plus in a circle of people: join all. */
export const MergeIcon = () => (
  <Svg>
    <path d="M8 6 12 2l4 4" />
    <path d="M12 2v10.3a4 4 0 0 1-1.17 2.87L4 22" />
    <path d="m20 22-5-5" />
  </Svg>
);
/** Nine dots: the keypad. */
export const KeypadIcon = () => (
  <Svg>
    <circle cx="6" cy="5" r="1" />
    <circle cx="12" cy="5" r="1" />
    <circle cx="18" cy="5" r="1" />
    <circle cx="6" cy="11" r="1" />
    <circle cx="12" cy="11" r="1" />
    <circle cx="18" cy="11" r="1" />
    <circle cx="6" cy="17" r="1" />
    <circle cx="12" cy="17" r="1" />
    <circle cx="18" cy="17" r="1" />
  </Svg>
);
/** Headphones: listening in. */
export const HeadphonesIcon = () => (
  <Svg>
    <path d="M3 14h3a2 2 0 0 1 2 2v3a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-7a9 9 0 0 1 18 0v7a2 2 0 0 1-2 2h-1a2 2 0 0 1-2-2v-3a2 2 0 0 1 2-2h3" />
  </Svg>
);
/** A dot in a ring: recording. */
export const RecordIcon = () => (
  <Svg>
    <circle cx="12" cy="12" r="9" />
    <circle cx="12" cy="12" r="4" fill="currentColor" />
  </Svg>
);
