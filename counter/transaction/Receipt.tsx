/**
 * The printed receipt: what was done, the fees paid and a QR code to the store's
 * verification page (/v/<code>), which confirms the receipt is genuine without showing
 * who it belongs to. The receipt itself shows only the last digits of the person's number.
 */
import type { OfficeConfig } from '../../shared/domain/office.ts';
import type { TransactionContext } from '../../shared/machines/transactionTypes.ts';
import { QrCode } from '../../shared/ui/QrCode.tsx';
import { useI18n, type Translate } from '../../shared/ui/I18nProvider.tsx';
import { formatMoment } from './format.ts';
import { FeeTable, Outcome } from './parts.tsx';

export interface ReceiptProps {
  readonly context: TransactionContext;
  readonly config: OfficeConfig;
  readonly t: Translate;
  readonly serviceName: string;
  /** Called once the QR code is drawn: the receipt is ready to print. */
  readonly onReady?: () => void;
}

function verificationUrl(receiptCode: string): string {
  return `${location.origin}/v/${receiptCode}`;
}

export function Receipt({ context, config, t, serviceName, onReady }: ReceiptProps) {
  const { language } = useI18n();
  const result = context.result;
  if (!result?.receiptCode) return null;
  const when = formatMoment(result.decidedAt, language, config.settings.timeZone);
  const masked = context.idNumber ? `••••••${context.idNumber.slice(-4)}` : '';
  return (
    <article class="receipt" data-testid="receipt" aria-label={t('receipt.title')}>
      <h3 class="receipt__title">{t('receipt.title')}</h3>
      <dl class="receipt__facts">
        <dt>{t('receipt.office')}</dt>
        <dd>{language === 'ar' ? config.name.ar : config.name.en}</dd>
        <dt>{t('receipt.date')}</dt>
        <dd>{when}</dd>
        <dt>{t('receipt.service')}</dt>
        <dd>{serviceName}</dd>
        <dt>{t('receipt.person')}</dt>
        <dd>
          <bdi dir="ltr">{masked}</bdi>
        </dd>
      </dl>
      <Outcome outcome={result.outcome} t={t} />
      {result.total > 0 && <FeeTable fees={result.fees} total={result.total} t={t} />}
      <div class="receipt__verify">
        <QrCode class="receipt__qr" value={verificationUrl(result.receiptCode)} label={t('receipt.verify')} {...(onReady ? { onReady } : {})} />
        <p>{t('receipt.verify')}</p>
        <p class="ltr">
          {t('receipt.code')}: <strong data-testid="receipt-code">{result.receiptCode}</strong>
        </p>
      </div>
    </article>
  );
}
