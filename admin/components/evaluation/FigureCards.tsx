/**
 * The slice's headline figures as labelled cards (a definition list, so each number is
 * read with its name), grouped the way a pilot report reads: the queue, the counters, the
 * residents' verdict, the transactions, and how complete the data is.
 */
import type { Figures } from '../../../shared/domain/metrics/types.ts';
import { useT } from '../../../shared/ui/I18nProvider.tsx';
import type { Formats } from '../../format.ts';

type Card = readonly [key: string, value: string, hint?: string];

function Group({ title, cards, id }: { title: string; cards: readonly Card[]; id: string }) {
  return (
    <section class="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <dl class="figure-cards">
        {cards.map(([label, value, hint]) => (
          <div key={label} class="figure-card">
            <dt>{label}</dt>
            <dd>{value}</dd>
            {hint && <dd class="figure-card__hint">{hint}</dd>}
          </div>
        ))}
      </dl>
    </section>
  );
}

export function FigureCards({ figures, f }: { figures: Figures; f: Formats }) {
  const t = useT('pilot');
  const { tickets: k, counters: c, transactions: x, appointments: a, completeness: d } = figures;
  const spread = (s: { median: number | null; p90: number | null; mean: number | null }): string =>
    t('figures.spread', { median: f.minutes(s.median), p90: f.minutes(s.p90), mean: f.minutes(s.mean) });
  return (
    <div class="figure-groups" data-testid="figures">
      <Group
        id="fig-queue"
        title={t('figures.queue')}
        cards={[
          [t('figures.tickets'), f.count(k.tickets)],
          [t('figures.served'), f.count(k.served)],
          [t('figures.noShowRate'), f.percent(k.noShowRate), t('figures.ofTickets', { count: k.noShows })],
          [t('figures.abandonmentRate'), f.percent(k.abandonmentRate), t('figures.ofTickets', { count: k.abandoned })],
          [t('figures.wait'), f.minutes(k.wait.median), spread(k.wait)],
          [t('figures.serviceLevel', { minutes: k.serviceLevel.targetMinutes }), f.percent(k.serviceLevel.share), t('figures.withinOf', { within: f.count(k.serviceLevel.within), of: f.count(k.serviceLevel.of) })],
          [t('figures.walk'), f.minutes(k.walk.median), spread(k.walk)],
          [t('figures.service'), f.minutes(k.service.median), spread(k.service)],
          [t('figures.lineLength'), f.decimal(k.lineLength.mean), t('figures.lineMax', { max: k.lineLength.max })],
          [t('figures.quoted'), f.percent(k.quoted.withinRange), t('figures.quotedError', { error: f.minutes(k.quoted.meanErrorMinutes), abs: f.minutes(k.quoted.meanAbsErrorMinutes) })],
        ]}
      />
      <Group
        id="fig-counters"
        title={t('figures.counters')}
        cards={[
          [t('figures.staffedHours'), f.hours(c.staffedHours)],
          [t('figures.utilisation'), f.percent(c.utilisation), t('figures.servingHours', { hours: f.hours(c.servingHours) })],
          [t('figures.idleHours'), f.hours(c.idleHours)],
          [t('figures.idleWhileWaiting'), f.hours(c.idleWhileWaitingHours)],
          [t('figures.breakHours'), f.hours(c.breakHours)],
          [t('figures.transactionsPerCounterHour'), f.decimal(c.transactionsPerCounterHour, 2), t('figures.servedPerHour', { value: f.decimal(c.servedPerCounterHour, 2) })],
          [t('figures.costPerTransaction'), f.money(c.costPerTransaction)],
        ]}
      />
      <Group
        id="fig-residents"
        title={t('figures.residents')}
        cards={[
          [t('figures.csat'), f.decimal(k.satisfaction.csat, 0), t('figures.meanScore', { score: f.decimal(k.satisfaction.meanScore, 2) })],
          [t('figures.responseRate'), f.percent(k.satisfaction.responseRate), t('figures.responses', { count: k.satisfaction.responses })],
          [t('figures.firstVisit7'), f.percent(x.firstVisit.within7), t('figures.ofTransactions', { count: x.firstVisit.n })],
          [t('figures.firstVisit30'), f.percent(x.firstVisit.within30)],
          [t('figures.appointmentsKept'), f.percent(a.keptRate), t('figures.appointmentCounts', { kept: a.kept, late: a.late, missed: a.missed })],
        ]}
      />
      <Group
        id="fig-transactions"
        title={t('figures.transactionsTitle')}
        cards={[
          [t('figures.completed'), f.count(x.completed)],
          [t('figures.refused'), f.count(x.refused)],
          [t('figures.revenue'), f.money(x.revenue)],
          [t('figures.cancelled'), f.count(x.cancellations)],
        ]}
      />
      <Group
        id="fig-data"
        title={t('figures.data')}
        cards={[
          [t('figures.lateShare'), f.percent(d.lateShare), t('figures.lateEvents', { count: d.lateEvents, events: f.count(d.events) })],
          [t('figures.maxLate'), f.minutes(d.maxLateMinutes)],
          [t('figures.offline'), f.hours(d.offlineHours), t('figures.offlinePeriods', { count: d.offlinePeriods })],
        ]}
      />
    </div>
  );
}
