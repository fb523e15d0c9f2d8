/**
 * The console's CSV exports: tickets, transactions and figures of a slice, and the column
 * dictionary. A spreadsheet must open them with Arabic intact, so they are UTF-8 with a
 * byte-order mark and CRLF lines; each column is defined once (its id, its heading in
 * Arabic and English, what it means, how it is read from a fact), and the dictionary is
 * written from the same definitions. Nothing names a person: ticket and transaction ids,
 * badges, and whether the same person came back (never who).
 */
import { sliceOf } from '../../shared/domain/metrics/slice.ts';
import { officeClock } from '../../shared/domain/metrics/clock.ts';
import type { Evaluation, MetricsFilter, TicketFact, TransactionFact } from '../../shared/domain/metrics/types.ts';
import { shiftAt, shiftsOf, type OfficeConfig } from '../../shared/domain/office.ts';
import { groupName, serviceName, shiftName, statusName, yesNo, type StaffLanguage } from '../words.ts';
import type { OfficeData } from './officeData.ts';
import { FIGURE_ROWS } from './figureRows.ts';

export const EXPORT_KINDS = ['tickets', 'transactions', 'figures', 'dictionary'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

const BOM = '\uFEFF';
const MINUTE = 60_000;
const DAY = 86_400_000;

/** One CSV field: quoted when it holds a separator, a quote or a line break; formulas defused. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : value;
  // A cell starting with = + - @ is a formula to a spreadsheet: keep it text.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

interface Context {
  readonly language: StaffLanguage;
  readonly config: OfficeConfig;
  /** Next visit of the same person for the same service, per transaction id (ms). */
  readonly nextVisit: ReadonlyMap<string, number>;
}

interface Column<T> {
  readonly id: string;
  readonly en: string;
  readonly ar: string;
  readonly meaning: { readonly en: string; readonly ar: string };
  readonly value: (row: T, ctx: Context) => string | number | null;
}

const minutes = (from: number | null, to: number | null): number | null => (from === null || to === null ? null : Math.round(((to - from) / MINUTE) * 10) / 10);
const clock = (ms: number, ctx: Context): string => {
  const c = officeClock(ms, ctx.config.settings.timeZone);
  return `${c.day} ${String(c.hour).padStart(2, '0')}:${String(c.minuteOfDay % 60).padStart(2, '0')}`;
};
const sectionName = (id: string | null, ctx: Context): string =>
  id === null ? '' : (ctx.config.sections.find((s) => s.id === id)?.name[ctx.language] ?? id);
const shiftOf = (minuteOfDay: number, ctx: Context): string => shiftName(shiftAt(minuteOfDay, shiftsOf(ctx.config.settings)), ctx.language);
const serviceMinutes = (t: TicketFact): number | null =>
  t.status === 'done' ? Math.round((t.segments.reduce((n, s) => n + Math.max(0, s.to - s.from), 0) / MINUTE) * 10) / 10 : null;

const col = <T>(id: string, en: string, ar: string, meaningEn: string, meaningAr: string, value: Column<T>['value']): Column<T> => ({
  id,
  en,
  ar,
  meaning: { en: meaningEn, ar: meaningAr },
  value,
});

export const TICKET_COLUMNS: readonly Column<TicketFact>[] = [
  col('ticket_id', 'Ticket id', 'معرّف التذكرة', 'The ticket (no personal data).', 'التذكرة (دون بيانات شخصية).', (t) => t.ticketId),
  col('service_day', 'Day', 'اليوم', 'Office day the ticket was taken (YYYY-MM-DD).', 'يوم سحب التذكرة في المكتب.', (t) => t.serviceDay),
  col('issued_at', 'Taken at', 'وقت السحب', 'Office time the ticket was taken.', 'وقت سحب التذكرة بتوقيت المكتب.', (t, c) => clock(t.issuedAt, c)),
  col('shift', 'Shift', 'الفترة', 'Morning or evening, by the time it was taken.', 'صباحية أو مسائية حسب وقت السحب.', (t, c) => shiftOf(t.minuteOfDay, c)),
  col('section', 'Section', 'القسم', "The men's or women's section.", 'قسم الرجال أو النساء.', (t, c) => sectionName(t.sectionId, c)),
  col('service_group', 'Service group', 'مجموعة الخدمة', 'The queue the ticket joined.', 'الطابور الذي انضمت إليه التذكرة.', (t, c) => groupName(t.serviceGroup, c.language)),
  col('service', 'Service', 'الخدمة', 'The service chosen at the kiosk, if any.', 'الخدمة المختارة عند جهاز الخدمة الذاتية إن وجدت.', (t, c) => (t.service ? serviceName(t.service, c.language) : '')),
  col('language', 'Kiosk language', 'لغة الجهاز', 'Language the resident used at the kiosk (ISO code).', 'اللغة التي استخدمها المراجع (رمز ISO).', (t) => t.language ?? ''),
  col('priority', 'Priority', 'أولوية', 'Asked to go first (elderly, disability, pregnancy).', 'طلب الأولوية (كبار السن، الإعاقة، الحمل).', (t, c) => yesNo(t.priority, c.language)),
  col('appointment', 'Appointment', 'موعد', 'Checked in with a booking.', 'سُجّل الحضور بموعد مسبق.', (t, c) => yesNo(t.appointment, c.language)),
  col('status', 'Outcome', 'النتيجة', 'What became of the ticket.', 'ما آلت إليه التذكرة.', (t, c) => statusName(t.status, c.language)),
  col('wait_min', 'Wait (min)', 'الانتظار (دقيقة)', 'From taking the ticket to the call that counts (the last call before service).', 'من سحب التذكرة إلى النداء المعتمد (آخر نداء قبل الخدمة).', (t) => minutes(t.issuedAt, t.calledAt)),
  col('walk_min', 'Walk (min)', 'الوصول (دقيقة)', 'From the call to the start of service.', 'من النداء إلى بدء الخدمة.', (t) => minutes(t.calledAt, t.startedAt)),
  col('service_min', 'Service (min)', 'الخدمة (دقيقة)', 'Time being served (all stretches), served tickets only.', 'مدة الخدمة (كل المراحل) للتذاكر المخدومة فقط.', (t) => serviceMinutes(t)),
  col('counter', 'Counter', 'الشباك', 'Counter that completed it (else the last that called it).', 'الشباك الذي أنجزها (وإلا آخر شباك ناداها).', (t) => t.counterId),
  col('officer_badge', 'Officer badge', 'رقم الموظف', "Badge of that counter's officer.", 'الرقم الوظيفي لموظف الشباك.', (t) => t.officerBadge ?? ''),
  col('recalls', 'Recalls', 'مرات إعادة النداء', 'Times it was called again.', 'عدد مرات إعادة النداء.', (t) => t.recalls),
  col('transfers', 'Transfers', 'التحويلات', 'Times it was transferred to another service or counter.', 'عدد مرات التحويل.', (t) => t.transfers),
  col('quoted_min', 'Quoted wait from (min)', 'الانتظار المتوقع من (دقيقة)', 'Wait printed on the ticket, lower end.', 'الانتظار المطبوع على التذكرة، الحد الأدنى.', (t) => t.quotedWaitMin),
  col('quoted_max', 'Quoted wait to (min)', 'الانتظار المتوقع إلى (دقيقة)', 'Wait printed on the ticket, upper end.', 'الانتظار المطبوع على التذكرة، الحد الأعلى.', (t) => t.quotedWaitMax),
  col('survey_score', 'Survey score', 'تقييم الاستبيان', "The resident's answer, 1 to 5 (empty: not answered).", 'إجابة المراجع من 1 إلى 5 (فارغ: لم يجب).', (t) => t.surveyScore),
  col('late_events', 'Late events', 'أحداث متأخرة', 'Events of this ticket that reached the store more than a minute late (network outage).', 'أحداث وصلت متأخرة أكثر من دقيقة (انقطاع الشبكة).', (t) => t.lateEvents),
];

const repeatWithin = (x: TransactionFact, days: number, c: Context): string => {
  const next = c.nextVisit.get(x.transactionId);
  return yesNo(next !== undefined && next - x.decidedAt <= days * DAY, c.language);
};

export const TRANSACTION_COLUMNS: readonly Column<TransactionFact>[] = [
  col('transaction_id', 'Transaction id', 'معرّف المعاملة', 'The transaction (no personal data).', 'المعاملة (دون بيانات شخصية).', (x) => x.transactionId),
  col('service_day', 'Day', 'اليوم', 'Office day it was decided.', 'يوم البت في المعاملة.', (x) => x.serviceDay),
  col('decided_at', 'Time', 'الوقت', 'Office time it was decided.', 'وقت البت بتوقيت المكتب.', (x, c) => clock(x.decidedAt, c)),
  col('shift', 'Shift', 'الفترة', 'Morning or evening.', 'صباحية أو مسائية.', (x, c) => shiftOf(x.minuteOfDay, c)),
  col('section', 'Section', 'القسم', "The counter's section.", 'قسم الشباك.', (x, c) => sectionName(x.sectionId, c)),
  col('service', 'Service', 'الخدمة', 'The service performed.', 'الخدمة المنفذة.', (x, c) => serviceName(x.service, c.language)),
  col('status', 'Outcome', 'النتيجة', 'Completed or refused by the rules.', 'منجزة أو مرفوضة حسب الأنظمة.', (x, c) => statusName(x.status, c.language)),
  col('total_sar', 'Amount (SAR)', 'المبلغ (ريال)', 'Fees charged (completed) or quoted (refused).', 'الرسوم المحصلة (المنجزة) أو المقدّرة (المرفوضة).', (x) => x.total),
  col('refusal_rules', 'Refused by', 'أسباب الرفض', 'Rule codes a refusal failed, separated by spaces.', 'رموز الأنظمة التي رُفضت بسببها، مفصولة بمسافات.', (x) => x.failures.join(' ')),
  col('counter', 'Counter', 'الشباك', 'Counter that submitted it.', 'الشباك الذي قدّمها.', (x) => x.counterId),
  col('officer_badge', 'Officer badge', 'رقم الموظف', "The officer's badge.", 'الرقم الوظيفي للموظف.', (x) => x.officerBadge),
  col('representative', 'Establishment representative', 'مندوب منشأة', 'Done for an establishment by its representative.', 'نُفذت لمنشأة عن طريق مندوبها.', (x, c) => yesNo(x.representative, c.language)),
  col('back_within_7_days', 'Back within 7 days', 'عاد خلال 7 أيام', 'The same person came back for the same service within 7 days (who is never shown).', 'عاد الشخص نفسه للخدمة نفسها خلال 7 أيام (دون إظهار هويته).', (x, c) => repeatWithin(x, 7, c)),
  col('back_within_30_days', 'Back within 30 days', 'عاد خلال 30 يومًا', 'The same, within 30 days.', 'كذلك خلال 30 يومًا.', (x, c) => repeatWithin(x, 30, c)),
];

const FIGURE_COLUMNS = [
  { id: 'part', en: 'Part', ar: 'الجزء', meaning: { en: 'The whole slice, a shift, or a week (its Sunday).', ar: 'الشريحة كاملة أو فترة أو أسبوع (يوم الأحد منه).' } },
  { id: 'figure', en: 'Figure', ar: 'المؤشر', meaning: { en: 'What is measured (see the column dictionary).', ar: 'ما يُقاس (انظر قاموس الأعمدة).' } },
  { id: 'value', en: 'Value', ar: 'القيمة', meaning: { en: 'Its value; shares are 0–1, times in minutes or hours as the unit says.', ar: 'القيمة؛ النسب من 0 إلى 1، والأزمنة بالدقائق أو الساعات كما تذكر الوحدة.' } },
  { id: 'unit', en: 'Unit', ar: 'الوحدة', meaning: { en: 'count, share, minutes, hours, SAR, per hour, score.', ar: 'عدد، نسبة، دقائق، ساعات، ريال، في الساعة، تقييم.' } },
] as const;

export interface ExportInput {
  readonly data: OfficeData;
  readonly now: number;
  readonly filter: MetricsFilter;
  readonly language: StaffLanguage;
  readonly evaluation: Evaluation | null;
  readonly config: OfficeConfig;
}

/** When the same person next came for the same service, for every transaction that has a next. */
function nextVisits(all: readonly TransactionFact[]): Map<string, number> {
  const byKey = new Map<string, TransactionFact[]>();
  for (const x of all) {
    const key = `${x.personKey}|${x.service}`;
    const list = byKey.get(key);
    if (list) list.push(x);
    else byKey.set(key, [x]);
  }
  const next = new Map<string, number>();
  for (const list of byKey.values()) {
    list.sort((a, b) => a.decidedAt - b.decidedAt);
    for (let i = 0; i + 1 < list.length; i++) next.set(list[i]!.transactionId, list[i + 1]!.decidedAt);
  }
  return next;
}

export function exportCsv(kind: ExportKind, input: ExportInput): string {
  const ctx: Context = { language: input.language, config: input.config, nextVisit: new Map() };
  const heading = (c: { en: string; ar: string }): string => (input.language === 'ar' ? c.ar : c.en);
  if (kind === 'dictionary') {
    let out = BOM + csvLine(input.language === 'ar' ? ['الملف', 'العمود', 'العنوان', 'المعنى'] : ['File', 'Column', 'Heading', 'Meaning']);
    const files: [string, readonly { id: string; en: string; ar: string; meaning: { en: string; ar: string } }[]][] = [
      ['tickets.csv', TICKET_COLUMNS],
      ['transactions.csv', TRANSACTION_COLUMNS],
      ['figures.csv', FIGURE_COLUMNS],
      ['figures.csv (figure)', FIGURE_ROWS.map((r) => ({ id: r.id, en: r.en, ar: r.ar, meaning: r.meaning }))],
    ];
    for (const [file, columns] of files) for (const c of columns) out += csvLine([file, c.id, heading(c), c.meaning[input.language]]);
    return out;
  }
  if (kind === 'figures') {
    const evaluation = input.evaluation;
    let out = BOM + csvLine(FIGURE_COLUMNS.map(heading));
    if (!evaluation) return out;
    const part = (label: string, figures: Evaluation['figures']): void => {
      for (const row of FIGURE_ROWS) out += csvLine([label, heading(row), row.value(figures), row.unit]);
    };
    part(input.language === 'ar' ? 'الشريحة كاملة' : 'whole slice', evaluation.figures);
    for (const s of evaluation.shifts) part(shiftName(s.shift, input.language), s.figures);
    return out;
  }
  const slice = sliceOf(input.data.input(input.now), input.filter);
  if (kind === 'tickets') {
    let out = BOM + csvLine(TICKET_COLUMNS.map(heading));
    for (const t of [...slice.tickets].sort((a, b) => a.issuedAt - b.issuedAt)) out += csvLine(TICKET_COLUMNS.map((c) => c.value(t, ctx)));
    return out;
  }
  const withNext: Context = { ...ctx, nextVisit: nextVisits(input.data.input(input.now).transactions) };
  let out = BOM + csvLine(TRANSACTION_COLUMNS.map(heading));
  for (const x of [...slice.transactions].sort((a, b) => a.decidedAt - b.decidedAt)) out += csvLine(TRANSACTION_COLUMNS.map((c) => c.value(x, withNext)));
  return out;
}
