/** Numbered progress lines and a final verdict, so a CI log shows how far the journey got. */
export class Report {
  private count = 0;
  private readonly started = Date.now();

  async step<T>(name: string, action: () => Promise<T>): Promise<T> {
    this.count += 1;
    const label = `[${String(this.count).padStart(2, '0')}] ${name}`;
    const started = Date.now();
    process.stdout.write(`${label} …\n`);
    try {
      const result = await action();
      process.stdout.write(`${label} ✓ (${Date.now() - started} ms)\n`);
      return result;
    } catch (error) {
      process.stdout.write(`${label} ✗\n`);
      throw new StepError(name, error);
    }
  }

  passed(): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    process.stdout.write(`\nPASS journey: ${this.count} steps in ${seconds} s\n`);
  }

  failed(error: unknown): void {
    const where = error instanceof StepError ? ` at step "${error.step}"` : '';
    const cause = error instanceof StepError ? error.cause : error;
    const message = cause instanceof Error ? cause.message : String(cause);
    process.stdout.write(`\nFAIL journey${where}: ${message}\n`);
  }
}

export class StepError extends Error {
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`${step} failed`);
  }
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
