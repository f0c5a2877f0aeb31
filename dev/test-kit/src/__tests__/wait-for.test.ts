import { waitFor } from '../wait-for';

describe('waitFor', () => {
  it('resolves once the condition holds, awaiting a condition that is async', async () => {
    let checks = 0;

    await waitFor('the third check', async () => ++checks === 3);

    expect(checks).toBe(3);
  });

  it('rejects naming what it waited for once the time is up', async () => {
    const started = Date.now();

    await expect(waitFor('a reply that never comes', () => false, 100)).rejects.toThrow(
      'timed out after 100 ms: a reply that never comes',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('ends with the error of a condition that throws', async () => {
    const gone = new Error('the process exited');

    await expect(
      waitFor('the process', () => {
        throw gone;
      }),
    ).rejects.toBe(gone);
  });
});
