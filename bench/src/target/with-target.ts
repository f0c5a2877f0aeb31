import { appendFileSync } from 'node:fs';

import { describeMongoStorage } from '@ticketing/dev-infra';
import type { Stack } from '@ticketing/dev-stack';

import { userAt, usersFor } from '../api/accounts';
import type { BenchContext } from '../benchmarks/context';
import type { RunOptions } from '../options';
import { bootStack } from './local-stack';

export interface Target {
  context: BenchContext;
  /** How long the local stack took to boot; undefined for a URL. */
  startupMs?: number;
  /** The local stack's database server, in words; undefined for a URL. */
  database?: string;
}

/** Which database server the local stack uses, and why. */
const databaseOf = (stack: Stack): string =>
  stack.mongoStorage
    ? `${describeMongoStorage(stack.mongoStorage)}; started by dev/infra`
    : 'the server given by --mongo-uri';

/**
 * Runs `work` against the URL given, or against a local stack booted for it (orders hold their
 * ticket for `windowSeconds`) and stopped afterwards. A part of the stack that dies meanwhile
 * fails the run: its figures would mean nothing.
 */
export async function withTarget<T>(
  options: RunOptions,
  setup: { windowSeconds: number; buyers: number; extraEnv?: Record<string, string> },
  log: (message: string) => void,
  work: (target: Target) => Promise<T>,
): Promise<T> {
  let stack: Stack | undefined;
  let startupMs: number | undefined;
  let database: string | undefined;
  let url = options.url;
  if (!url) {
    log(`booting the local stack (${options.transport}, ${options.replicas} replica(s))`);
    const booted = await bootStack({
      transport: options.transport,
      replicas: options.replicas,
      expirationWindowSeconds: setup.windowSeconds,
      logLevel: options.logLevel,
      mongoUri: options.mongoUri,
      mongoBackend: options.mongoBackend,
      extraEnv: setup.extraEnv,
      output: options.serviceLog ? appendTo(options.serviceLog) : undefined,
    });
    ({ stack } = booted);
    startupMs = booted.ms;
    url = stack.url;
    database = databaseOf(stack);
    log(`stack up in ${(booted.ms / 1000).toFixed(1)} s at ${url}`);
    log(`database: ${database}`);
  }
  try {
    log(`signing up ${setup.buyers} buyers and 4 sellers`);
    const endpoint = { url };
    const context: BenchContext = {
      endpoint,
      stack,
      sellers: await usersFor(endpoint, 'seller', 4),
      buyers: await usersFor(endpoint, 'buyer', setup.buyers),
      prober: await userAt(endpoint, 'prober', 0),
      log,
    };
    const running = work({ context, startupMs, database });
    return await (stack ? Promise.race([running, stack.failure]) : running);
  } finally {
    await stack?.stop();
  }
}

/** Appends each line to the file, synchronously so that a crash keeps every line before it. */
const appendTo =
  (path: string) =>
  (line: string): void =>
    appendFileSync(path, `${line}\n`);
