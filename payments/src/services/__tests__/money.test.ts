import { toCents } from '../money';

/** The cents a decimal string means, by integer arithmetic only: "19.99" → 1999. */
function centsOfDecimal(text: string): number {
  const [dollars = '', fraction = ''] = text.split('.');
  return Number(dollars) * 100 + Number(fraction.padEnd(2, '0'));
}

/** The decimal string of a whole number of cents: 1999 → "19.99", 5 → "0.05". */
const decimalOf = (cents: number): string =>
  `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

describe('toCents', () => {
  test('every price from 0.01 to 1000.00, cent by cent, is charged exactly its cents', () => {
    const wrong: string[] = [];

    for (let cents = 1; cents <= 100_000; cents++) {
      const text = decimalOf(cents);
      if (toCents(Number(text)) !== centsOfDecimal(text)) wrong.push(text);
    }

    expect(wrong).toStrictEqual([]);
  });

  test.each([
    [19.99, 1999],
    [0.07, 7],
    [1.1, 110],
    [4.35, 435],
    [0.3, 30],
    [20, 2000],
    [999_999.99, 99_999_999],
  ])('%p dollars are %p cents', (price, cents) => {
    expect(toCents(price)).toBe(cents);
  });

  test('the float products that would truncate wrongly still give whole cents', () => {
    // 19.99 * 100 is 1998.9999999999998 in floating point; 0.29 * 100 is 28.999999999999996.
    expect(19.99 * 100).not.toBe(1999);
    expect(toCents(19.99)).toBe(1999);
    expect(toCents(0.29)).toBe(29);
  });

  test.each([0, -5, 1.005, 0.001, 12.345, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])(
    'a price of %p is refused rather than charged',
    (price) => {
      expect(() => toCents(price)).toThrow(RangeError);
    },
  );
});
