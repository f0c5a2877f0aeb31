export { startMongoForTests, stopMongoForTests } from './mongo-server';
export { createTestDatabase, type TestDatabase, useTestDatabase } from './test-database';
