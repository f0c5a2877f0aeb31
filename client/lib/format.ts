import type { OrderStatus } from './api/types';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export const formatPrice = (price: number) => usd.format(price);

const STATUS_LABELS: Record<OrderStatus, string> = {
  created: 'Awaiting payment',
  'awaiting:payment': 'Awaiting payment',
  complete: 'Complete',
  cancelled: 'Cancelled',
};

export const formatStatus = (status: OrderStatus) => STATUS_LABELS[status];

/** `mm:ss` for a countdown; whole minutes beyond an hour stay in the minutes. */
export function formatDuration(milliseconds: number): string {
  const totalSeconds = Math.max(0, Math.ceil(milliseconds / 1000));
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/** The price a user typed, as a number when it is one; otherwise the text, for the API to judge. */
export function parsePriceInput(text: string): number | string {
  const trimmed = text.trim();
  const value = Number(trimmed);
  return trimmed !== '' && Number.isFinite(value) ? value : trimmed;
}

/** A price as the text of an input: `25`, `19.99`, `25.50` (never `25.5`). */
export const priceInputValue = (price: number) =>
  Number.isInteger(price) ? String(price) : price.toFixed(2);
