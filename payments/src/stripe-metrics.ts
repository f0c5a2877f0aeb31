import { metricsRegistry } from '@ticketing/common';
import { Histogram } from 'prom-client';
import Stripe from 'stripe';

export const stripeRequests = new Histogram({
  name: 'stripe_request_duration_seconds',
  help: 'Requests to Stripe by method, endpoint (ids replaced by :id) and outcome: the HTTP status, or "no answer" (unreachable, timed out); every try of the SDK counts, so retries show',
  labelNames: ['method', 'endpoint', 'outcome'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

// A Stripe id is a short prefix, an underscore and a key with digits in it (`pi_3Nq...`); the
// names of the API's collections (`payment_intents`) have none.
const STRIPE_ID = /^[a-z]+_[A-Za-z0-9]*\d[A-Za-z0-9]*$/;

/** `/v1/payment_intents/pi_123/cancel?x=1` as `/v1/payment_intents/:id/cancel`: one series per
 * endpoint, never one per record. */
export const endpointOf = (path: string): string =>
  (path.split('?')[0] ?? '')
    .split('/')
    .map((segment) => (STRIPE_ID.test(segment) ? ':id' : segment))
    .join('/');

/** The SDK's HTTP client with every request timed and counted in `stripeRequests`. */
export class CountingHttpClient extends Stripe.HttpClient {
  constructor(private readonly inner: Stripe.HttpClient) {
    super();
  }

  override getClientName(): string {
    return this.inner.getClientName();
  }

  override async makeRequest(
    ...request: Parameters<Stripe.HttpClient['makeRequest']>
  ): ReturnType<Stripe.HttpClient['makeRequest']> {
    const [, , path, method] = request;
    const end = stripeRequests.startTimer({ method, endpoint: endpointOf(path) });
    try {
      const response = await this.inner.makeRequest(...request);
      end({ outcome: String(response.getStatusCode()) });
      return response;
    } catch (error) {
      end({ outcome: 'no answer' });
      throw error;
    }
  }
}
