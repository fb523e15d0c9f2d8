/**
 * Receipt verification: the QR code on a counter's receipt opens `/v/<code>`, a plain
 * page served by the central store (no app, no script) that says whether the receipt is
 * genuine: which service, which office, when, and the total paid. Never who: no name, no
 * number, no outcome. `GET /api/public/receipts/:code` answers the same as JSON. Both are
 * rate-limited like the ticket status page; unknown codes count against the caller.
 */
import type { Context, Hono } from 'hono';
import type { OfficeConfig } from '../../shared/domain/office.ts';
import { RECEIPT_CODE_RE, type ReceiptVerification } from '../../shared/sync/protocol.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { Limiter } from '../http/rateLimit.ts';
import { methodNotAllowed } from '../http/routing.ts';
import { SERVICE_NAMES } from '../words.ts';
import { clientOf } from '../http/rateLimit.ts';
import { soleRow } from '../store/sql.ts';


const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

function page(title: string, body: string, status: 200 | 404 | 400 | 429): { html: string; status: 200 | 404 | 400 | 429 } {
  const html = `<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>
body{font:18px/1.5 system-ui,"Noto Sans Arabic",sans-serif;margin:0;background:#f4f6f5;color:#1b1f1d}
main{max-width:34rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 1rem} .ok{color:#0b6b3a} .bad{color:#a4161a}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem;margin:0} dt{font-weight:600} dd{margin:0}
[lang=en]{direction:ltr;text-align:left} hr{border:0;border-top:1px solid #ddd;margin:1.25rem 0}
</style></head><body><main>${body}</main></body></html>`;
  return { html, status };
}

function genuinePage(r: ReceiptVerification, timeZone: string): string {
  const [en, ar] = SERVICE_NAMES[r.service] ?? [r.service, r.service];
  const when = (locale: string): string =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(r.decidedAt));
  const office = (lang: string): string => escapeHtml(r.officeName[lang] ?? r.officeName.en ?? '');
  return `
<section lang="ar"><h1 class="ok">✔ إيصال صحيح صادر من الجوازات</h1>
<dl><dt>الخدمة</dt><dd>${escapeHtml(ar)}</dd><dt>المكتب</dt><dd>${office('ar')}</dd>
<dt>التاريخ</dt><dd>${escapeHtml(when('ar-SA-u-nu-latn'))}</dd><dt>المبلغ المدفوع</dt><dd>${r.total.toLocaleString('en-US')} ريال</dd>
<dt>رمز الإيصال</dt><dd dir="ltr">${r.receiptCode}</dd></dl></section>
<hr>
<section lang="en"><h1 class="ok">✔ Genuine Jawazat receipt</h1>
<dl><dt>Service</dt><dd>${escapeHtml(en)}</dd><dt>Office</dt><dd>${office('en')}</dd>
<dt>Date</dt><dd>${escapeHtml(when('en-GB'))}</dd><dt>Paid</dt><dd>SAR ${r.total.toLocaleString('en-US')}</dd>
<dt>Receipt code</dt><dd>${r.receiptCode}</dd></dl>
<p>This page never shows who the receipt belongs to.</p></section>`;
}

const NOT_FOUND_BODY = `
<section lang="ar"><h1 class="bad">✘ لا يوجد إيصال بهذا الرمز</h1><p>قد يكون الإيصال مزوّرًا أو الرمز مكتوبًا بشكل خاطئ.</p></section><hr>
<section lang="en"><h1 class="bad">✘ No receipt has this code</h1><p>The receipt may be forged, or the code mistyped.</p></section>`;

export function registerReceiptRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const perCode = new Limiter(deps.publicLimits.perCode, deps.clock);
  const misses = new Limiter(deps.publicLimits.missesPerClient, deps.clock);

  /** The receipt behind a code, or null (a miss, counted against the caller). */
  async function verify(c: Context<AppEnv>): Promise<{ receipt: ReceiptVerification; timeZone: string } | null> {
    const client = clientOf(c);
    misses.check(client);
    const code = (c.req.param('code') ?? '').toUpperCase();
    if (!RECEIPT_CODE_RE.test(code)) {
      misses.spend(client);
      throw new HttpError(400, 'invalid_request', 'code: must be the 12 characters under the receipt’s QR code');
    }
    perCode.take(code);
    const rows = await deps.store.query<{ service: string; decided_at: Date; total: number; config: OfficeConfig }>(
      `SELECT t.service, t.decided_at, t.total, o.config FROM transactions t JOIN offices o USING (office_id)
        WHERE t.receipt_code = $1 AND t.status = 'completed'`,
      [code],
    );
    const row = soleRow(rows);
    if (!row) {
      misses.spend(client);
      return null;
    }
    return {
      receipt: {
        genuine: true,
        receiptCode: code,
        service: row.service,
        officeName: row.config.name,
        decidedAt: new Date(row.decided_at).getTime(),
        total: row.total,
      },
      timeZone: row.config.settings.timeZone,
    };
  }

  app.get('/api/public/receipts/:code', async (c) => {
    const found = await verify(c);
    if (!found) throw new HttpError(404, 'receipt_not_found', 'no receipt has this code');
    return c.json(found.receipt);
  });

  app.get('/v/:code', async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    try {
      const found = await verify(c);
      const result = found
        ? page('Receipt verified', genuinePage(found.receipt, found.timeZone), 200)
        : page('Receipt not found', NOT_FOUND_BODY, 404);
      return c.html(result.html, result.status);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      const status = error.status === 429 ? 429 : 400;
      return c.html(page('Receipt not found', status === 429 ? '<p>Too many tries; wait a minute. / محاولات كثيرة، انتظر دقيقة.</p>' : NOT_FOUND_BODY, status).html, status);
    }
  });

  methodNotAllowed(app, ['/api/public/receipts/:code']);
}
