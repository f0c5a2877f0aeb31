import type { Order } from '../../../api/types';
import { expectedTickets, versionVerdict } from '../ticket-history';

const order = (id: string, ticketId: string, status: Order['status']): Order => ({
  id,
  userId: 'buyer',
  status,
  expiresAt: '2026-12-02T00:00:00.000Z',
  version: status === 'created' ? 0 : 1,
  price: 15,
  ticket: { id: ticketId },
});

describe("a ticket's version as its orders explain it", () => {
  const expected = expectedTickets([
    order('o1', 't1', 'cancelled'),
    order('o2', 't1', 'cancelled'),
    order('o3', 't1', 'complete'),
    order('o4', 't2', 'cancelled'),
  ]);

  test('each cancelled order counts two steps, the standing one one, and holds it', () => {
    expect(expected.get('t1')).toEqual({ version: 5, cancelled: 2, holder: 'o3' });
    expect(expected.get('t2')).toEqual({ version: 2, cancelled: 1 });
  });

  test('short by two per cancelled order is a cancellation that overtook its creation', () => {
    const t1 = expected.get('t1')!;
    expect([5, 3, 1].map((version) => versionVerdict(version, t1))).toEqual([
      { kind: 'explained', overtaken: 0 },
      { kind: 'explained', overtaken: 1 },
      { kind: 'explained', overtaken: 2 },
    ]);
  });

  test('any other shortfall is lost, anything beyond applied twice', () => {
    const t1 = expected.get('t1')!;
    expect(versionVerdict(4, t1)).toEqual({ kind: 'never applied' });
    expect(versionVerdict(0, expected.get('t1')!)).toEqual({ kind: 'never applied' });
    expect(versionVerdict(1, expected.get('t2')!)).toEqual({ kind: 'never applied' });
    expect(versionVerdict(6, t1)).toEqual({ kind: 'applied twice' });
  });
});
