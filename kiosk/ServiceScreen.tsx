/**
 * What the resident came for, as five big choices with a picture and plain words in
 * their language (the group decides the queue and what the board shows), and a way in for
 * those who booked an appointment.
 */
import type { ServiceGroup } from '../shared/domain/services.ts';
import { PRIORITY_REASONS, type PriorityReason } from '../shared/domain/ticket.ts';
import { useFocusOnMount } from '../shared/ui/hooks.ts';
import { useT } from '../shared/ui/I18nProvider.tsx';
import { AppointmentIcon, ServiceIcon } from './KioskIcons.tsx';

export interface ServiceScreenProps {
  readonly groups: readonly ServiceGroup[];
  readonly priority: PriorityReason | null;
  readonly onPriority: (priority: PriorityReason | null) => void;
  readonly onSelect: (group: ServiceGroup) => void;
  readonly onAppointment: () => void;
  readonly onBack: () => void;
}

export function ServiceScreen(props: ServiceScreenProps) {
  const t = useT('kiosk');
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <main class="kiosk-screen">
      <h1 class="kiosk-title" ref={heading} tabIndex={-1}>
        {t('service.title')}
      </h1>
      <ul class="choice-grid choice-grid--services" role="list">
        {props.groups.map((group) => (
          <li key={group}>
            <button type="button" class="choice choice--service" onClick={() => props.onSelect(group)}>
              <ServiceIcon group={group} />
              <span class="choice__text">
                <span class="choice__label">{t(`service.groups.${group}.name`)}</span>
                <span class="choice__hint">{t(`service.groups.${group}.hint`)}</span>
              </span>
            </button>
          </li>
        ))}
        <li>
          <button type="button" class="choice choice--service choice--appointment" onClick={props.onAppointment}>
            <AppointmentIcon />
            <span class="choice__text">
              <span class="choice__label">{t('service.appointment.name')}</span>
              <span class="choice__hint">{t('service.appointment.hint')}</span>
            </span>
          </button>
        </li>
      </ul>
      {/* Asked before the service is tapped; the ticket is marked, and staff confirm it. */}
      <fieldset class="priority-choice">
        <legend>{t('priority.title')}</legend>
        {PRIORITY_REASONS.map((reason) => (
          <button
            key={reason}
            type="button"
            class="button priority-choice__option"
            aria-pressed={props.priority === reason}
            onClick={() => props.onPriority(props.priority === reason ? null : reason)}
          >
            {t(`priority.${reason}`)}
          </button>
        ))}
      </fieldset>
      <div class="kiosk-actions">
        <button type="button" class="button button--large" onClick={props.onBack}>
          {t('back')}
        </button>
      </div>
    </main>
  );
}
