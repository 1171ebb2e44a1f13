// Numbers as the pages show them, per locale (Intl): durations, shares, swings, clock offsets.
export const formatSeconds = (ms: number, locale: string): string =>
  new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: 1 }).format(ms / 1000);

export const formatShare = (share: number, locale: string): string => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);

/** A swing in percentage points, signed (+12.5 / −3). */
export const formatPoints = (delta: number, locale: string): string =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(delta * 100);

export const formatNumber = (n: number, locale: string, digits = 2): string => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);

/** A timeline offset as [−]h:mm:ss or [−]m:ss (tenths when `tenths`). */
export function formatOffset(ms: number, tenths = false): string {
  const sign = ms < 0 ? '−' : '';
  const abs = Math.abs(ms);
  const totalTenths = Math.floor(abs / 100);
  const s = Math.floor(totalTenths / 10);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  const tail = tenths ? `.${totalTenths % 10}` : '';
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${sec}${tail}` : `${sign}${m}:${sec}${tail}`;
}

export const formatDateTime = (iso: string, locale: string): string =>
  new Date(iso).toLocaleString(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
