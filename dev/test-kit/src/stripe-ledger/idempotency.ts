/** An answer as the proxy sends it. */
export interface Answer {
  status: number;
  body: unknown;
}

export const refusal = (status: number, type: string, message: string): Answer => ({
  status,
  body: { error: { type, message } },
});

interface KeyUse {
  fingerprint: string;
  /** Unset while the first request with the key is being carried out. */
  answer?: Answer;
}

/**
 * Idempotency keys as Stripe honours them: a repeat with the same key and request gets the
 * first answer; another request under the key is a 400; a repeat while the first is still in
 * flight a 409. A request that failed on Stripe's side (5xx) leaves no result, and its key can
 * be used again.
 */
export class IdempotencyKeys {
  private readonly uses = new Map<string, KeyUse>();

  async answer(
    key: string | undefined,
    fingerprint: string,
    carryOut: () => Promise<Answer>,
  ): Promise<Answer> {
    if (!key) return carryOut();
    const used = this.uses.get(key);
    if (used && used.fingerprint !== fingerprint) {
      return refusal(
        400,
        'idempotency_error',
        'Keys for idempotent requests can only be used with the same parameters they were first used with.',
      );
    }
    if (used && !used.answer) {
      return refusal(
        409,
        'idempotency_error',
        'There is currently another in-progress request using this Idempotent Key.',
      );
    }
    if (used?.answer) return used.answer;
    const use: KeyUse = { fingerprint };
    this.uses.set(key, use);
    let answer: Answer;
    try {
      answer = await carryOut();
    } catch (error) {
      this.uses.delete(key);
      throw error;
    }
    if (answer.status >= 500) this.uses.delete(key);
    else use.answer = answer;
    return answer;
  }
}
