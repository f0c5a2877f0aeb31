import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

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
  const tempDirs: string[] = [];
  afterEach(() => {
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true });
  });

  /** A build context holding `files` and a Dockerfile at `dockerfilePath`, replayed. */
  function replay(
    dockerfile: string[],
    files: Record<string, string>,
    options: { dockerfilePath?: string; buildArgs?: Record<string, string> } = {},
  ) {
    const context = mkdtempSync(join(tmpdir(), 'replay-context-'));
    const workDir = mkdtempSync(join(tmpdir(), 'replay-work-'));
    tempDirs.push(context, workDir);
    const dockerfilePath = join(context, options.dockerfilePath ?? 'Dockerfile');
    const write = (path: string, text: string) => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    };
    for (const [path, text] of Object.entries(files)) write(join(context, path), text);
    write(dockerfilePath, dockerfile.join('\n'));
    return replayBuild({
      contextDir: context,
      dockerfile: dockerfilePath,
      workDir,
      buildArgs: options.buildArgs,
    });
  }

  test('fails on a file the Dockerfile copies that the build context lacks', async () => {
    await expect(
      replay(
        ['FROM scratch', 'WORKDIR /app', 'COPY missing.json ./'],
        {},
        {
          dockerfilePath: 'svc/Dockerfile',
        },
      ),
    ).rejects.toThrow(/svc\/Dockerfile:3 COPY: missing.json: not found in the build context/);
  });

  test('copies between stages and runs commands in the WORKDIR', async () => {
    const image = await replay(
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
      ],
      { 'input.txt': 'hello' },
    );
    expect(image).toMatchObject({ workdir: '/srv', env: { GREETING: 'yes' }, user: '1000:1000' });
    expect(image.command).toEqual(['cat', 'result.txt']);
    expect(readFileSync(join(image.root, 'srv', 'result.txt'), 'utf8')).toBe('HELLO');
  });

  test('reads build args where a stage declares the ARG, and only there, as Docker does', async () => {
    const image = await replay(
      [
        'ARG SERVICE',
        'FROM scratch AS build',
        'ARG SERVICE',
        'WORKDIR /app/${SERVICE}',
        'COPY ${SERVICE}/name.txt ./',
        'RUN printf "%s" "$SERVICE" > arg.txt',
        'FROM build',
        // No ARG here: the stage below sees an empty SERVICE, though it inherits the WORKDIR.
        'RUN printf "[%s]" "$SERVICE" > inherited.txt',
      ],
      { 'auth/name.txt': 'auth' },
      { buildArgs: { SERVICE: 'auth' } },
    );
    expect(image.workdir).toBe('/app/auth');
    const inImage = (file: string) => readFileSync(join(image.root, 'app', 'auth', file), 'utf8');
    expect([inImage('name.txt'), inImage('arg.txt'), inImage('inherited.txt')]).toEqual([
      'auth',
      'auth',
      '[]',
    ]);
  });
});
