/**
 * The portal's one way of showing an amount of money: thousands separators and two decimals, worked
 * out on the decimal string itself (never through a float), rounded half up (away from zero) as the
 * engine rounds. The engine writes the same form into its explain traces (engine/decimal.ts
 * fmtMoney), so a table and the trace beside it read alike: "4800" -> "4,800.00".
 */
export function money(value: string | null | undefined, empty = '—'): string {
  if (value === null || value === undefined || value.trim() === '') return empty;
  const parts = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!parts || (parts[2] === '' && !parts[3])) return value;
  const [, sign = '', int = '', frac = ''] = parts;
  let cents = BigInt(`${int || '0'}${frac.slice(0, 2).padEnd(2, '0')}`);
  if ((frac[2] ?? '0') >= '5') cents += 1n;
  const digits = cents.toString().padStart(3, '0');
  const negative = sign === '-' && cents !== 0n;
  return `${negative ? '-' : ''}${grouped(digits.slice(0, -2))}.${digits.slice(-2)}`;
}

/** A decimal string with thousands separators, digits kept as they are ("1200000.5" -> "1,200,000.5"). */
export function grouped(decimal: string) {
  const [int = '', frac] = decimal.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = int.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${digits}${frac !== undefined ? `.${frac}` : ''}`;
}
