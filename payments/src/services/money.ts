/**
 * A dollar price as integer cents, exactly: 19.99 → 1999, never 1998.9999…. A price with two
 * decimals is the double nearest to n/100, so `price * 100` lies within a rounding error of n;
 * the round trip `cents / 100 === price` (division is correctly rounded too) then proves the
 * price had no more than two decimals. Anything else is refused rather than charged wrongly.
 */
export function toCents(price: number): number {
  const cents = Math.round(price * 100);
  if (!Number.isSafeInteger(cents) || cents <= 0 || cents / 100 !== price) {
    throw new RangeError(`price ${price} is not a positive amount with at most two decimals`);
  }
  return cents;
}
