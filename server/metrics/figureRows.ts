/**
 * Every figure of a slice as one row of the figures export: its id, its name in Arabic and
 * English, what it means (the definitions of shared/domain/metrics, in words), its unit,
 * and how it is read from the Figures. The dictionary export lists the same rows.
 */
import type { Figures } from '../../shared/domain/metrics/types.ts';

export interface FigureRow {
  readonly id: string;
  readonly en: string;
  readonly ar: string;
  readonly meaning: { readonly en: string; readonly ar: string };
  readonly unit: 'count' | 'share' | 'minutes' | 'hours' | 'SAR' | 'per hour' | 'score';
  readonly value: (f: Figures) => number | null;
}

const row = (id: string, unit: FigureRow['unit'], en: string, ar: string, meaningEn: string, meaningAr: string, value: FigureRow['value']): FigureRow => ({
  id,
  en,
  ar,
  unit,
  meaning: { en: meaningEn, ar: meaningAr },
  value,
});

export const FIGURE_ROWS: readonly FigureRow[] = [
  row('tickets', 'count', 'Tickets', 'التذاكر', 'Tickets taken.', 'التذاكر المسحوبة.', (f) => f.tickets.tickets),
  row('served', 'count', 'Served', 'تمت خدمتهم', 'Tickets served to the end.', 'التذاكر التي اكتملت خدمتها.', (f) => f.tickets.served),
  row('no_show_rate', 'share', 'No-show rate', 'نسبة عدم الحضور', 'Called but never served ÷ tickets.', 'نودي عليهم ولم يُخدموا ÷ التذاكر.', (f) => f.tickets.noShowRate),
  row('abandonment_rate', 'share', 'Abandonment rate', 'نسبة المغادرة قبل النداء', 'Left (or the day ended) before being called ÷ tickets.', 'غادروا (أو انتهى اليوم) قبل النداء ÷ التذاكر.', (f) => f.tickets.abandonmentRate),
  row('wait_mean', 'minutes', 'Wait, mean', 'متوسط الانتظار', 'Taking the ticket → the call that counts (the last before service).', 'من سحب التذكرة إلى النداء المعتمد.', (f) => f.tickets.wait.mean),
  row('wait_median', 'minutes', 'Wait, median', 'وسيط الانتظار', 'Half waited less than this.', 'نصف المراجعين انتظروا أقل من هذا.', (f) => f.tickets.wait.median),
  row('wait_p90', 'minutes', 'Wait, 90th percentile', 'المئين التسعون للانتظار', '90 % waited no longer than this (nearest rank).', '90٪ لم ينتظروا أطول من هذا.', (f) => f.tickets.wait.p90),
  row('walk_median', 'minutes', 'Walk to the counter, median', 'وسيط الوصول إلى الشباك', 'The call → service start.', 'من النداء إلى بدء الخدمة.', (f) => f.tickets.walk.median),
  row('service_median', 'minutes', 'Service time, median', 'وسيط مدة الخدمة', 'Time being served, served tickets.', 'مدة الخدمة للتذاكر المخدومة.', (f) => f.tickets.service.median),
  row('service_mean', 'minutes', 'Service time, mean', 'متوسط مدة الخدمة', 'Time being served, served tickets.', 'مدة الخدمة للتذاكر المخدومة.', (f) => f.tickets.service.mean),
  row('service_level', 'share', 'Service level', 'مستوى الخدمة', 'Share of called tickets whose wait was within the target.', 'نسبة التذاكر المنادى عليها التي كان انتظارها ضمن الهدف.', (f) => f.tickets.serviceLevel.share),
  row('line_mean', 'count', 'People waiting, mean', 'متوسط عدد المنتظرين', 'Tickets waiting at once, averaged over staffed time.', 'عدد المنتظرين في الوقت نفسه، متوسطًا على وقت عمل الشبابيك.', (f) => f.tickets.lineLength.mean),
  row('line_max', 'count', 'People waiting, most', 'أكبر عدد منتظرين', 'The most tickets waiting at once.', 'أكبر عدد من المنتظرين في وقت واحد.', (f) => f.tickets.lineLength.max),
  row('quoted_within', 'share', 'Wait within the printed estimate', 'الانتظار ضمن المدة المطبوعة', 'Share of tickets whose wait fell inside the range printed on them.', 'نسبة التذاكر التي وقع انتظارها ضمن المدة المطبوعة عليها.', (f) => f.tickets.quoted.withinRange),
  row('quoted_error', 'minutes', 'Estimate error, mean', 'متوسط خطأ التقدير', 'Actual wait − middle of the printed range.', 'الانتظار الفعلي − منتصف المدة المطبوعة.', (f) => f.tickets.quoted.meanErrorMinutes),
  row('csat', 'score', 'Satisfied per 100 answers', 'الراضون من كل 100 إجابة', 'Answers of 4 or 5 out of 5, per 100 answers.', 'الإجابات 4 أو 5 من 5 لكل 100 إجابة.', (f) => f.tickets.satisfaction.csat),
  row('survey_response_rate', 'share', 'Survey response rate', 'نسبة الإجابة على الاستبيان', 'Answers ÷ tickets served.', 'الإجابات ÷ التذاكر المخدومة.', (f) => f.tickets.satisfaction.responseRate),
  row('staffed_hours', 'hours', 'Counter hours staffed', 'ساعات عمل الشبابيك', 'Counters open and not on a break.', 'الشبابيك المفتوحة خارج الاستراحات.', (f) => f.counters.staffedHours),
  row('utilisation', 'share', 'Utilisation', 'نسبة الإشغال', 'Serving time ÷ staffed time.', 'وقت الخدمة ÷ وقت العمل.', (f) => f.counters.utilisation),
  row('idle_hours', 'hours', 'Idle', 'دون مراجع', 'Staffed and serving nobody.', 'مفتوح دون خدمة أحد.', (f) => f.counters.idleHours),
  row('idle_while_waiting_hours', 'hours', 'Idle while people waited', 'دون مراجع والناس ينتظرون', 'Idle while someone of the counter’s section waited.', 'دون مراجع بينما ينتظر أحد من قسم الشباك.', (f) => f.counters.idleWhileWaitingHours),
  row('break_hours', 'hours', 'Breaks', 'الاستراحات', 'Time on breaks.', 'وقت الاستراحات.', (f) => f.counters.breakHours),
  row('transactions_per_counter_hour', 'per hour', 'Transactions per counter-hour', 'المعاملات في ساعة الشباك', 'Transactions decided ÷ staffed hours.', 'المعاملات المبتوت فيها ÷ ساعات العمل.', (f) => f.counters.transactionsPerCounterHour),
  row('served_per_counter_hour', 'per hour', 'Served per counter-hour', 'المخدومون في ساعة الشباك', 'Tickets served ÷ staffed hours.', 'التذاكر المخدومة ÷ ساعات العمل.', (f) => f.counters.servedPerCounterHour),
  row('cost_per_transaction', 'SAR', 'Staff cost per transaction', 'تكلفة الموظفين للمعاملة', 'Staffed hours × cost per counter-hour ÷ transactions completed.', 'ساعات العمل × تكلفة ساعة الشباك ÷ المعاملات المنجزة.', (f) => f.counters.costPerTransaction),
  row('transactions_completed', 'count', 'Transactions completed', 'المعاملات المنجزة', 'Decided and applied by the store.', 'بُتّ فيها وطُبقت.', (f) => f.transactions.completed),
  row('transactions_refused', 'count', 'Transactions refused', 'المعاملات المرفوضة', 'Refused by the rules.', 'رُفضت حسب الأنظمة.', (f) => f.transactions.refused),
  row('revenue', 'SAR', 'Fees collected', 'الرسوم المحصلة', 'Fees of completed transactions.', 'رسوم المعاملات المنجزة.', (f) => f.transactions.revenue),
  row('cancellations', 'count', 'Transactions cancelled at the counter', 'المعاملات الملغاة عند الشباك', 'Cancelled by the officer before submitting.', 'ألغاها الموظف قبل تقديمها.', (f) => f.transactions.cancellations),
  row('first_visit_7', 'share', 'Done in one visit (7 days)', 'أُنجزت من الزيارة الأولى (7 أيام)', 'Transactions the same person did not need again for the same service within 7 days.', 'معاملات لم يحتج صاحبها إلى الخدمة نفسها خلال 7 أيام.', (f) => f.transactions.firstVisit.within7),
  row('first_visit_30', 'share', 'Done in one visit (30 days)', 'أُنجزت من الزيارة الأولى (30 يومًا)', 'The same within 30 days.', 'كذلك خلال 30 يومًا.', (f) => f.transactions.firstVisit.within30),
  row('appointments_booked', 'count', 'Appointments booked', 'المواعيد المحجوزة', 'Bookings in the slice.', 'الحجوزات في الشريحة.', (f) => f.appointments.booked),
  row('appointments_kept_rate', 'share', 'Appointments kept', 'نسبة حضور المواعيد', '(On time + late) ÷ (on time + late + missed).', '(في الموعد + متأخر) ÷ (في الموعد + متأخر + لم يحضر).', (f) => f.appointments.keptRate),
  row('appointments_missed', 'count', 'Appointments missed', 'مواعيد لم يُحضر إليها', 'Not checked in by the end of the late window.', 'لم يُسجَّل الحضور حتى نهاية مهلة التأخر.', (f) => f.appointments.missed),
  row('late_event_share', 'share', 'Events that arrived late', 'الأحداث التي وصلت متأخرة', 'Reached the store more than a minute after they happened.', 'وصلت إلى الخادم بعد أكثر من دقيقة من حدوثها.', (f) => f.completeness.lateShare),
  row('max_late', 'minutes', 'Latest arrival', 'أطول تأخر', 'The most an event was held back.', 'أطول مدة تأخر فيها حدث.', (f) => f.completeness.maxLateMinutes),
  row('offline_hours', 'hours', 'Devices offline', 'انقطاع الأجهزة', 'Devices not heard from during opening hours.', 'أجهزة لم تتصل خلال ساعات العمل.', (f) => f.completeness.offlineHours),
];
