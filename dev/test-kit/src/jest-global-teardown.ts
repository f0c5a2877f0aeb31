export { stopMongoForTests as default } from './mongo-server';
