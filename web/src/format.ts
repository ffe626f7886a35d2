/** USD with enough digits for fractions of a cent. */
export function usd(value: number): string {
  if (value === 0) return '$0';
  if (Math.abs(value) < 0.01) return `$${value.toFixed(6)}`;
  return `$${value.toFixed(2)}`;
}

export const nanoUsd = (value: number) => usd(value / 1e9);

export function count(value: number): string {
  return new Intl.NumberFormat('en', { maximumFractionDigits: 0 }).format(value);
}

export function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

export function milliseconds(value: number | null): string {
  if (value === null) return '–';
  return value < 10 ? `${value.toFixed(2)} ms` : `${Math.round(value)} ms`;
}

export function time(value: number | string): string {
  const date = new Date(value);
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)}`;
}

export function clock(value: number): string {
  return new Date(value).toISOString().slice(11, 19);
}
