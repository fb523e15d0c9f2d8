/**
 * Appointments: book one for a resident who called (section, service, day and time at the
 * office, optionally their iqama / border number) and hand them the booking code, shown
 * here once; and the day's bookings with whether they were checked in and with which
 * ticket. The list never shows codes or numbers. A director sees the list only.
 */
import { useState } from 'preact/hooks';
import { checkIdNumber } from '../../shared/domain/identity.ts';
import { officeTime, serviceDayOf } from '../../shared/domain/office.ts';
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../adminApi.ts';
import { errorText } from '../adminErrors.ts';
import { localized } from '../localized.ts';
import type { AdminAppointment, AppointmentDay, NewAppointment } from '../../shared/api/adminTypes.ts';
import { useReadOnly } from '../consoleScope.ts';
import { useAdminData } from '../useAdminData.ts';
import { DataState } from './DataState.tsx';

const OUTCOME_TONE: Record<AdminAppointment['outcome'], string> = {
  kept: 'tag--ok',
  late: 'tag--warn',
  missed: 'tag--danger',
  cancelled: 'tag--muted',
  upcoming: '',
};

export function AppointmentsView({ api }: { api: AdminApi }) {
  const t = useT('admin');
  const services = useT('services');
  const { language } = useI18n();
  const [day, setDay] = useState<string | null>(null);
  const readOnly = useReadOnly();
  const list = useAdminData(() => api.appointments(day ?? undefined), 30_000);
  const data = list.data;
  const time = (ms: number, tz: string): string =>
    new Intl.DateTimeFormat(language === 'ar' ? 'ar-SA-u-nu-latn-ca-gregory' : 'en-GB', { timeStyle: 'short', timeZone: tz }).format(ms);

  return (
    <>
      {data && !readOnly && <BookingForm api={api} day={data} onBooked={list.reload} />}
      <section class="panel" aria-labelledby="appointments-list-title">
        <h2 id="appointments-list-title">{t('appointments.listTitle')}</h2>
        <div class="field field--inline">
          <label class="field__label" for="appointments-day">
            {t('appointments.day')}
          </label>
          <input
            id="appointments-day"
            class="input"
            type="date"
            value={day ?? data?.day ?? ''}
            onChange={(e) => {
              setDay(e.currentTarget.value || null);
              setTimeout(list.reload, 0);
            }}
          />
        </div>
        <DataState state={list}>
          {data && data.appointments.length === 0 && <p>{t('appointments.none')}</p>}
          {data && data.appointments.length > 0 && (
            <table class="table" data-testid="appointments">
              <thead>
                <tr>
                  <th scope="col">{t('appointments.time')}</th>
                  <th scope="col">{t('appointments.section')}</th>
                  <th scope="col">{t('appointments.service')}</th>
                  <th scope="col">{t('appointments.state')}</th>
                  <th scope="col">{t('appointments.ticket')}</th>
                </tr>
              </thead>
              <tbody>
                {data.appointments.map((a) => (
                  <tr key={a.appointmentId}>
                    <th scope="row">
                      <span class="ltr">{time(a.slotAt, data.timeZone)}</span>
                    </th>
                    <td>{localized(data.sections.find((s) => s.id === a.sectionId)?.name ?? { en: a.sectionId, ar: a.sectionId }, language)}</td>
                    <td>
                      {services(`catalog.${a.service}`, { defaultValue: a.service })}
                      {a.hasIdNumber && <span class="tag">{t('appointments.withNumber')}</span>}
                    </td>
                    <td>
                      <span class={`tag ${OUTCOME_TONE[a.outcome]}`}>{t(`appointments.outcome.${a.outcome}`)}</span>
                    </td>
                    <td>
                      <span class="ltr">{a.ticketNumber ?? '—'}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </DataState>
      </section>
    </>
  );
}

function BookingForm({ api, day, onBooked }: { api: AdminApi; day: AppointmentDay; onBooked: () => void }) {
  const t = useT('admin');
  const services = useT('services');
  const { language } = useI18n();
  const today = serviceDayOf(Date.now(), day.timeZone);
  const [sectionId, setSectionId] = useState(day.sections[0]?.id ?? '');
  const [service, setService] = useState(day.services[0] ?? '');
  const [date, setDate] = useState(today);
  const [clock, setClock] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [booked, setBooked] = useState<NewAppointment | null>(null);

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const found: Record<string, string> = {};
    const hm = /^(\d{2}):(\d{2})$/.exec(clock);
    if (!hm) found.time = t('appointments.problems.time');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) found.date = t('appointments.problems.date');
    const id = idNumber.trim() ? checkIdNumber(idNumber) : null;
    if (id && !id.ok) found.idNumber = t('appointments.problems.idNumber');
    setProblems(found);
    setError(null);
    if (Object.keys(found).length > 0 || !hm) return;
    const slotAt = officeTime(date, Number(hm[1]) * 60 + Number(hm[2]), day.timeZone);
    setBusy(true);
    try {
      const made = await api.book({ sectionId, service, slotAt, ...(id?.ok ? { idNumber: id.number } : {}) });
      setBooked(made);
      setIdNumber('');
      onBooked();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string) => ({
    'aria-invalid': problems[name] ? ('true' as const) : undefined,
    'aria-describedby': problems[name] ? `book-${name}-error` : undefined,
  });
  const problem = (name: string) =>
    problems[name] && (
      <span class="field__error" id={`book-${name}-error`}>
        {problems[name]}
      </span>
    );

  return (
    <section class="panel" aria-labelledby="booking-title">
      <h2 id="booking-title">{t('appointments.bookTitle')}</h2>
      <form class="booking-form" noValidate onSubmit={(e) => void submit(e)}>
        <div class="field">
          <label class="field__label" for="book-section">
            {t('appointments.section')}
          </label>
          <select id="book-section" class="input" value={sectionId} onChange={(e) => setSectionId(e.currentTarget.value)} disabled={busy}>
            {day.sections.map((s) => (
              <option key={s.id} value={s.id}>
                {localized(s.name, language)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field__label" for="book-service">
            {t('appointments.service')}
          </label>
          <select id="book-service" class="input" value={service} onChange={(e) => setService(e.currentTarget.value)} disabled={busy}>
            {day.services.map((id) => (
              <option key={id} value={id}>
                {services(`catalog.${id}`, { defaultValue: id })}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field__label" for="book-date">
            {t('appointments.date')}
          </label>
          <input id="book-date" class="input" type="date" min={today} value={date} onInput={(e) => setDate(e.currentTarget.value)} disabled={busy} {...field('date')} />
          {problem('date')}
        </div>
        <div class="field">
          <label class="field__label" for="book-time">
            {t('appointments.timeAtOffice')}
          </label>
          <input id="book-time" class="input" type="time" value={clock} onInput={(e) => setClock(e.currentTarget.value)} disabled={busy} {...field('time')} />
          {problem('time')}
        </div>
        <div class="field">
          <label class="field__label" for="book-id">
            {t('appointments.idNumber')}
          </label>
          <input
            id="book-id"
            class="input ltr"
            dir="ltr"
            inputMode="numeric"
            autoComplete="off"
            maxLength={14}
            value={idNumber}
            onInput={(e) => setIdNumber(e.currentTarget.value)}
            disabled={busy}
            {...field('idNumber')}
          />
          {problem('idNumber')}
        </div>
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? t('working') : t('appointments.book')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {booked && (
        <div class="booking-result" aria-live="polite">
          <p>{t('appointments.booked')}</p>
          <p class="enrollment__code ltr" data-testid="booking-code">
            {booked.code}
          </p>
          <p class="muted">{t('appointments.codeOnce')}</p>
        </div>
      )}
    </section>
  );
}
