import { connect, createServer, type Server, type Socket } from 'node:net';

import { startMongoForTests, stopMongoForTests } from '@ticketing/test-kit';

/**
 * Gives the file a real MongoDB-compatible server: the one in MONGO_URI when set, otherwise a
 * mongodb-memory-server started for this file. Returns a getter for its URI.
 */
export function useMongoServer(): () => string {
  beforeAll(startMongoForTests);
  afterAll(stopMongoForTests);
  return () => {
    const uri = process.env.MONGO_URI;
    if (!uri) throw new Error('MONGO_URI is not set');
    return uri;
  };
}

/** A loopback port nothing listens on (until a test starts something there). */
export const unusedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** Relays TCP connections on `port` to the server at `targetUri`: a database that starts late. */
export function relay(port: number, targetUri: string): Promise<{ stop(): Promise<void> }> {
  const target = new URL(targetUri);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () =>
      resolve({
        stop: () =>
          new Promise((closed) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => closed());
          }),
      }),
    );
  });
}
