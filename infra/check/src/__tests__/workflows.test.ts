import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { fromRoot } from '../paths';
import { loadSkaffold } from '../skaffold';
import { run, tool } from '../tools';

const workflowsDir = fromRoot('.github', 'workflows');
const services = loadSkaffold().build.artifacts.map((artifact) =>
  artifact.image.replace(/^ticketing\//, ''),
);

/** shellcheck, which actionlint runs on every `run:` script; required, so the check is the
 * same on every machine. */
function shellcheck(): string {
  const found = (process.env['PATH'] ?? '')
    .split(':')
    .map((dir) => join(dir, 'shellcheck'))
    .find((path) => existsSync(path));
  if (!found) throw new Error('shellcheck not found on PATH. Install it with `npm run provision`.');
  return found;
}

test('every workflow passes actionlint, with shellcheck on its scripts', async () => {
  const result = await run(tool('actionlint'), ['-no-color', `-shellcheck=${shellcheck()}`], {
    cwd: fromRoot(),
  });
  expect(`${result.stdout}${result.stderr}`).toBe('');
  expect(result.status).toBe(0);
});

test('the deploy scripts pass shellcheck', async () => {
  const scripts = readdirSync(fromRoot('infra', 'scripts')).filter((name) => name.endsWith('.sh'));
  const result = await run(shellcheck(), scripts, { cwd: fromRoot('infra', 'scripts') });
  expect(result.stdout).toBe('');
  expect(result.status).toBe(0);
});

test.each(services)('%s has a test workflow', (service) => {
  const workflow = readFileSync(join(workflowsDir, `test-${service}.yml`), 'utf8');
  expect(workflow).toContain(`${service}/**`);
});

test('the deploy workflow builds and rolls out every image skaffold builds', () => {
  const deploy = parse(readFileSync(join(workflowsDir, 'deploy.yml'), 'utf8')) as {
    jobs: { changes: { steps: { id?: string; with?: { filters?: string }; run?: string }[] } };
  };
  const steps = deploy.jobs.changes.steps;
  const filters = parse(steps.find((step) => step.id === 'filter')?.with?.filters ?? '') as object;
  expect(Object.keys(filters).sort()).toEqual([...services].sort());
  const everything = /list=(\[[^\]]*\])/.exec(
    steps.find((step) => step.id === 'services')?.run ?? '',
  );
  expect((JSON.parse(everything?.[1] ?? '[]') as string[]).sort()).toEqual([...services].sort());
});
