// Proves that the MongoDB-compatible server in MONGO_URI (FerretDB in CI, mongodb-memory-server
// elsewhere) does, through mongoose, everything the services rely on.
//
// One guarantee differs: FerretDB 1.x evaluates an update's filter and writes the document as
// two steps, so simultaneous conditional updates can all "win" (measured: 31 winners where 5
// were possible). Unique indexes hold on both servers, so the services enforce their
// concurrency rules with unique indexes; see README "Concurrency and the database".
import mongoose, { Schema, type Types } from 'mongoose';

import { useTestDatabase } from '../test-database';

interface Account {
  email: string;
}
const Account = mongoose.model<Account>(
  'SmokeAccount',
  new Schema<Account>({ email: { type: String, required: true, unique: true } }),
);

interface Seat {
  title: string;
  price: number;
  orderId?: string;
  version: number;
}
const Seat = mongoose.model<Seat>(
  'SmokeSeat',
  new Schema<Seat>(
    { title: String, price: Number, orderId: String },
    { versionKey: 'version', optimisticConcurrency: true },
  ),
);

interface Booking {
  seat: Types.ObjectId;
  createdAt: Date;
}
const Booking = mongoose.model<Booking>(
  'SmokeBooking',
  new Schema<Booking>({
    seat: { type: Schema.Types.ObjectId, ref: 'SmokeSeat', required: true },
    createdAt: { type: Date, default: () => new Date() },
  }),
);

const DUPLICATE_KEY = 11000;

useTestDatabase();

// Skipped where the server does not make a filtered update atomic (FerretDB 1.x, see the top).
const itWhereUpdatesAreAtomic = process.env.MONGO_SERVER_KIND === 'ferretdb' ? it.skip : it;

describe('a unique index', () => {
  it('rejects a second document with the same key with error 11000', async () => {
    await Account.create({ email: 'a@example.com' });

    const second = Account.create({ email: 'a@example.com' });

    await expect(second).rejects.toMatchObject({ code: DUPLICATE_KEY });
    expect(await Account.countDocuments()).toBe(1);
  });

  it('lets exactly one of 20 simultaneous inserts of one key succeed', async () => {
    const attempts = Array.from({ length: 20 }, () =>
      Account.create({ email: 'race@example.com' }),
    );

    const results = await Promise.allSettled(attempts);

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected.map((result) => (result.reason as { code?: number }).code)).toEqual(
      Array(19).fill(DUPLICATE_KEY),
    );
    expect(await Account.countDocuments()).toBe(1);
  });
});

describe('optimistic concurrency on a version key', () => {
  it('increments the version on every save', async () => {
    const seat = await Seat.create({ title: 'Concert', price: 20 });
    expect(seat.version).toBe(0);

    seat.set({ price: 25 });
    await seat.save();

    expect((await Seat.findById(seat.id))?.version).toBe(1);
  });

  it('rejects a save made from a stale copy', async () => {
    const created = await Seat.create({ title: 'Concert', price: 20 });
    const first = await Seat.findById(created.id);
    const second = await Seat.findById(created.id);
    first!.set({ price: 10 });
    second!.set({ price: 15 });

    await first!.save();

    await expect(second!.save()).rejects.toThrow(mongoose.Error.VersionError);
    expect((await Seat.findById(created.id))?.price).toBe(10);
  });
});

describe('findOneAndUpdate as a compare-and-set', () => {
  const claim = (seatId: string, orderId: string) =>
    Seat.findOneAndUpdate(
      { _id: seatId, orderId: { $exists: false } },
      { $set: { orderId }, $inc: { version: 1 } },
      { returnDocument: 'after' },
    );

  it('updates only while the filter still matches', async () => {
    const seat = await Seat.create({ title: 'Concert', price: 20 });

    const won = await claim(seat.id, 'order-1');
    const lost = await claim(seat.id, 'order-2');

    expect(won?.orderId).toBe('order-1');
    expect(won?.version).toBe(1);
    expect(lost).toBeNull();
  });

  itWhereUpdatesAreAtomic(
    'gives the claim to exactly one of 20 simultaneous claimants',
    async () => {
      const seat = await Seat.create({ title: 'Concert', price: 20 });

      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) => claim(seat.id, `order-${index}`)),
      );

      const winners = results.filter((result) => result !== null);
      expect(winners).toHaveLength(1);
      expect((await Seat.findById(seat.id))?.orderId).toBe(winners[0]!.orderId);
    },
  );
});

describe('populate', () => {
  it('replaces a reference with the referenced document', async () => {
    const seat = await Seat.create({ title: 'Opera', price: 80 });
    await Booking.create({ seat: seat._id });

    const booking = await Booking.findOne().populate<{ seat: Seat }>('seat');

    expect(booking?.seat.title).toBe('Opera');
    expect(booking?.seat.price).toBe(80);
  });
});

describe('sort, limit and cursor pagination', () => {
  it('pages through every document newest first, without gaps or repeats', async () => {
    for (let index = 0; index < 25; index++) {
      await Seat.create({ title: `Seat ${index}`, price: index + 1 });
    }
    const pageSize = 10;
    const titles: string[] = [];
    const pageSizes: number[] = [];
    let cursor: Types.ObjectId | undefined;

    for (;;) {
      const page = await Seat.find(cursor ? { _id: { $lt: cursor } } : {})
        .sort({ _id: -1 })
        .limit(pageSize);
      if (page.length === 0) break;
      pageSizes.push(page.length);
      titles.push(...page.map((seat) => seat.title));
      cursor = page[page.length - 1]!._id;
    }

    expect(pageSizes).toEqual([10, 10, 5]);
    expect(titles).toEqual(Array.from({ length: 25 }, (_, index) => `Seat ${24 - index}`));
  });
});
