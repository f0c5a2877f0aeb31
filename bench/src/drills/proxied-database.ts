import { startInfra } from '@ticketing/dev-infra';
import { type MongoFaultProxy, startMongoFaultProxy } from '@ticketing/test-kit';

/** A FerretDB of the drill's own, started as the stack would start it, with a fault proxy in
 * front of it for the stack to use (`proxy.uri`); both are stopped after `use`. */
export async function withProxiedDatabase<T>(
  use: (proxy: MongoFaultProxy) => Promise<T>,
): Promise<T> {
  const database = await startInfra(['mongo']);
  try {
    const uri = database.env.MONGO_URI;
    if (!uri) throw new Error('the mongo server exported no MONGO_URI');
    const proxy = await startMongoFaultProxy(uri);
    try {
      return await use(proxy);
    } finally {
      await proxy.close();
    }
  } finally {
    await database.stop();
  }
}
