export interface ClientConfig {
  /** Where server-side rendering reaches the API: the ingress in the cluster, the gateway locally. */
  apiBaseUrl: URL;
  /** Stripe publishable key; without one the order page offers the labelled test-mode payment. */
  stripePublishableKey: string | undefined;
}

type Problems = string[];

const requiredHttpUrl = (name: string, value: string | undefined, problems: Problems) => {
  if (!value) {
    problems.push(`${name} is required (e.g. http://127.0.0.1:8080)`);
    return undefined;
  }
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol === 'http:' || url?.protocol === 'https:') return url;
  problems.push(`${name} must be an http:// or https:// URL, got "${value}"`);
  return undefined;
};

const optionalPublishableKey = (name: string, value: string | undefined, problems: Problems) => {
  if (!value) return undefined;
  if (value.startsWith('pk_')) return value;
  problems.push(`${name} must be a Stripe publishable key (pk_…)`);
  return undefined;
};

/**
 * Reads the environment once and reports every bad key in one message. Server-only: the
 * Stripe key is read here at run time and handed to the page, so one image serves every
 * environment (a literal `process.env.NEXT_PUBLIC_…` would be frozen into the build).
 */
export function readClientConfig(env: NodeJS.ProcessEnv): ClientConfig {
  const problems: Problems = [];
  const apiBaseUrl = requiredHttpUrl('API_BASE_URL', env['API_BASE_URL'], problems);
  const stripePublishableKey = optionalPublishableKey(
    'NEXT_PUBLIC_STRIPE_KEY',
    env['NEXT_PUBLIC_STRIPE_KEY'],
    problems,
  );
  if (!apiBaseUrl || problems.length > 0) {
    throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return Object.freeze({ apiBaseUrl, stripePublishableKey });
}

let cached: ClientConfig | undefined;

/** The validated configuration of this process (checked at start by instrumentation.ts). */
export const config = (): ClientConfig => (cached ??= readClientConfig(process.env));
