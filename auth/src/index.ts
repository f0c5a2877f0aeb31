import './tracing';

import {
  closeHttpServer,
  ConfigError,
  connectMongo,
  handleShutdown,
  listen,
  traceLogFields,
} from '@ticketing/common';
import mongoose from 'mongoose';
import { pino } from 'pino';

import { buildApp } from './app';
import { readAuthConfig } from './config';
import { User } from './models/user';

async function main(): Promise<void> {
  const config = readAuthConfig(process.env);
  const logger = pino({ name: 'auth', level: config.logLevel, mixin: traceLogFields });

  await connectMongo({ connection: mongoose.connection, uri: config.mongoUri, logger });
  // Sign-up races are settled by the unique email index, so it must exist before the first one.
  await User.init();

  const app = buildApp({
    jwtKey: config.jwtKey,
    jwtTtlSeconds: config.jwtTtlSeconds,
    cookieSecure: config.cookieSecure,
    trustProxyHops: config.trustProxyHops,
    limits: {
      signups: { limit: config.signupLimitMax, windowMs: config.signupLimitWindowSeconds * 1000 },
      signinFailures: {
        limit: config.signinFailureLimitMax,
        windowMs: config.signinFailureLimitWindowSeconds * 1000,
      },
      accountSigninFailures: {
        limit: config.signinAccountFailureLimitMax,
        windowMs: config.signinFailureLimitWindowSeconds * 1000,
      },
    },
    logger,
  });
  const server = await listen(app, config.port);
  logger.info({ port: config.port }, 'listening');

  handleShutdown({
    logger,
    steps: [
      { name: 'http server', close: () => closeHttpServer(server) },
      { name: 'mongo', close: () => mongoose.disconnect() },
    ],
  });
}

main().catch((error: unknown) => {
  // The logger may not exist yet; a configuration error needs its message, not a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
