/**
 * Simple line pictures for the kiosk's choices, drawn inline (no image files to cache,
 * crisp at any size). They repeat what the words say, for people who read little.
 */
import type { ServiceGroup } from '../shared/domain/services.ts';

const common = {
  class: 'choice__icon',
  viewBox: '0 0 64 64',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': 3.5,
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
  'aria-hidden': 'true',
} as const;

const SERVICE_PATHS: Record<ServiceGroup, string[]> = {
  // An ID card: photo, lines of text.
  residence: ['M6 14h52v36H6z', 'M14 24h14v16H14z', 'M34 26h16', 'M34 33h16', 'M34 40h10'],
  // A plane and a return arrow.
  exitReentry: ['M10 30l16 2 12-14h6l-6 16 12 2 4-6h4l-2 10 2 10h-4l-4-6-12 2 6 16h-6L26 42l-16 2z', 'M14 54c6 4 14 4 20 0'],
  // A plane leaving, arrow pointing away.
  finalExit: ['M8 44l20-2 14-16h6l-7 17 14 1 5-7h4l-3 11', 'M8 54h48', 'M46 12h12v12', 'M58 12L44 26'],
  // A briefcase.
  employment: ['M8 22h48v30H8z', 'M24 22v-6h16v6', 'M8 34h48', 'M30 34v5h4v-5'],
  // A question mark in a circle.
  enquiries: ['M32 6a26 26 0 1 0 0.1 0z', 'M24 25a8 8 0 1 1 11 7c-2 1-3 3-3 5v3', 'M32 47v1'],
};

/** Pictures with a direction (planes leaving) are mirrored right-to-left. */
const DIRECTIONAL: readonly ServiceGroup[] = ['exitReentry', 'finalExit'];

export function ServiceIcon({ group }: { group: ServiceGroup }) {
  return (
    <svg {...common} class={DIRECTIONAL.includes(group) ? 'choice__icon choice__icon--directional' : 'choice__icon'}>
      {SERVICE_PATHS[group].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

/** Pictograms for the men's and women's sections; any other section gets a queue icon. */
export function SectionIcon({ sectionId }: { sectionId: string }) {
  if (sectionId === 'men') {
    return (
      <svg {...common}>
        <circle cx="32" cy="12" r="6" />
        <path d="M22 24h20v18h-5v16h-10V42h-5z" />
      </svg>
    );
  }
  if (sectionId === 'women') {
    return (
      <svg {...common}>
        <circle cx="32" cy="12" r="6" />
        <path d="M26 24h12l8 22h-8v12H26V46h-8z" />
      </svg>
    );
  }
  return (
    <svg {...common}>
      <circle cx="16" cy="20" r="5" />
      <circle cx="32" cy="20" r="5" />
      <circle cx="48" cy="20" r="5" />
      <path d="M8 44c0-8 16-8 16 0M24 44c0-8 16-8 16 0M40 44c0-8 16-8 16 0" />
    </svg>
  );
}

/** A calendar page with a tick: a booked appointment. */
export function AppointmentIcon() {
  return (
    <svg {...common}>
      <path d="M8 14h48v42H8z" />
      <path d="M8 26h48" />
      <path d="M20 8v12" />
      <path d="M44 8v12" />
      <path d="M22 40l7 7 13-14" />
    </svg>
  );
}
