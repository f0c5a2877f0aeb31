import { join } from 'node:path';

import { type ServiceProcess, startServiceProcess, unusedPort } from '..';

const FIXTURE = join(__dirname, 'fixture-service');

describe('a service process', () => {
  let service: ServiceProcess | undefined;

  afterEach(async () => {
    await service?.stop('SIGKILL');
    service = undefined;
  });

  it('exits 1 saying why when its configuration is missing', async () => {
    service = startServiceProcess(FIXTURE, {});

    const code = await service.exited;

    expect(code).toBe(1);
    expect(service.output.stderr).toContain('PORT is required');
  });

  it('serves once listening, sees only the variables given, and stops on SIGTERM', async () => {
    process.env.TEST_KIT_LEAK = 'from the test process';
    const port = await unusedPort();
    service = startServiceProcess(FIXTURE, { PORT: String(port) });

    await service.listening();
    const answer = await fetch(`http://127.0.0.1:${port}/`);
    const code = await service.stop();

    expect(await answer.text()).toBe('ok');
    expect(code).toBe(0);
    expect(service.output.stdout).toContain('"leaked":null');
    expect(service.output.stdout).toContain('"step":"http server","msg":"closed"');
    delete process.env.TEST_KIT_LEAK;
  });

  it('stops waiting for "listening" as soon as the process exits, showing its output', async () => {
    service = startServiceProcess(FIXTURE, {});

    await expect(service.listening()).rejects.toThrow(/exited \(1\).*PORT is required/s);
  });
});
