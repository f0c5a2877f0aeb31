import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { dockerignore, replayBuild } from '../docker-replay';
import { parseDockerfile } from '../dockerfile';

describe('parseDockerfile', () => {
  test('expands global ARGs in FROM, names stages and joins continued lines', () => {
    const { stages } = parseDockerfile(
      [
        '# syntax=docker/dockerfile:1',
        'ARG BASE=node:20-slim',
        'FROM ${BASE} AS build',
        'RUN npm ci \\',
        '      --omit=dev',
        'FROM build',
        'COPY --from=build /app/dist dist',
        'CMD ["node", "dist/index.js"]',
      ].join('\n'),
    );
    expect(stages.map((stage) => [stage.from, stage.name])).toEqual([
      ['node:20-slim', 'build'],
      ['build', undefined],
    ]);
    expect(stages[0]?.instructions[0]?.args).toBe('npm ci --omit=dev');
    expect(stages[1]?.instructions[0]?.flags).toEqual({ from: 'build' });
    expect(stages[1]?.instructions[1]?.args).toEqual(['node', 'dist/index.js']);
  });
});

describe('dockerignore', () => {
  test('excludes matching paths and everything below them, and re-includes with !', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockerignore-'));
    writeFileSync(join(dir, '.dockerignore'), '**/node_modules\n**/.env.*\n!**/.env.example\n');
    const ignored = dockerignore(dir);
    expect(ignored('auth/node_modules/express/index.js')).toBe(true);
    expect(ignored('node_modules')).toBe(true);
    expect(ignored('auth/.env.local')).toBe(true);
    expect(ignored('auth/.env.example')).toBe(false);
    expect(ignored('auth/src/index.ts')).toBe(false);
    rmSync(dir, { recursive: true });
  });
});

describe('replayBuild', () => {
  test('fails on a file the Dockerfile copies that the build context lacks', async () => {
    const context = mkdtempSync(join(tmpdir(), 'replay-context-'));
    mkdirSync(join(context, 'svc'));
    writeFileSync(
      join(context, 'svc', 'Dockerfile'),
      'FROM scratch\nWORKDIR /app\nCOPY missing.json ./\n',
    );
    const workDir = mkdtempSync(join(tmpdir(), 'replay-work-'));
    await expect(
      replayBuild({ contextDir: context, dockerfile: join(context, 'svc', 'Dockerfile'), workDir }),
    ).rejects.toThrow(/svc\/Dockerfile:3 COPY: missing.json: not found in the build context/);
    rmSync(context, { recursive: true });
    rmSync(workDir, { recursive: true });
  });

  test('copies between stages and runs commands in the WORKDIR', async () => {
    const context = mkdtempSync(join(tmpdir(), 'replay-context-'));
    writeFileSync(join(context, 'input.txt'), 'hello');
    writeFileSync(
      join(context, 'Dockerfile'),
      [
        'FROM scratch AS build',
        'WORKDIR /app',
        'COPY input.txt ./',
        'RUN tr a-z A-Z < input.txt > output.txt',
        'FROM scratch',
        'WORKDIR /srv',
        'COPY --from=build /app/output.txt result.txt',
        'ENV GREETING=yes',
        'USER 1000:1000',
        'CMD ["cat", "result.txt"]',
      ].join('\n'),
    );
    const workDir = mkdtempSync(join(tmpdir(), 'replay-work-'));
    const image = await replayBuild({
      contextDir: context,
      dockerfile: join(context, 'Dockerfile'),
      workDir,
    });
    expect(image).toMatchObject({ workdir: '/srv', env: { GREETING: 'yes' }, user: '1000:1000' });
    expect(image.command).toEqual(['cat', 'result.txt']);
    expect(readFileSync(join(image.root, 'srv', 'result.txt'), 'utf8')).toBe('HELLO');
    rmSync(context, { recursive: true });
    rmSync(workDir, { recursive: true });
  });
});
