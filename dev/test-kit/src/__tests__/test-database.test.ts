import mongoose from 'mongoose';

import { createTestDatabase } from '../test-database';

const Note = mongoose.model('KitNote', new mongoose.Schema({ text: String }));

const databaseNames = async (): Promise<string[]> => {
  const admin = mongoose.connection.db!.admin();
  const { databases } = await admin.listDatabases();
  return databases.map((database) => database.name);
};

describe('a test database', () => {
  afterEach(async () => {
    await mongoose.disconnect();
  });

  it('is a fresh, uniquely named database on the server in MONGO_URI', async () => {
    const first = await createTestDatabase();
    await first.drop();
    const second = await createTestDatabase();

    expect(second.name).not.toBe(first.name);
    expect(mongoose.connection.name).toBe(second.name);
    expect(await Note.countDocuments()).toBe(0);
    await second.drop();
  });

  it('is emptied by clear, keeping its collections', async () => {
    const database = await createTestDatabase();
    await Note.create([{ text: 'a' }, { text: 'b' }]);

    await database.clear();

    expect(await Note.countDocuments()).toBe(0);
    const collections = await mongoose.connection.db!.listCollections().toArray();
    expect(collections.map((collection) => collection.name)).toContain(Note.collection.name);
    await database.drop();
  });

  it('is gone from the server after drop', async () => {
    const database = await createTestDatabase();
    await Note.create({ text: 'kept until drop' });
    expect(await databaseNames()).toContain(database.name);

    await database.drop();

    await mongoose.connect(process.env.MONGO_URI!);
    expect(await databaseNames()).not.toContain(database.name);
  });
});
