/** Runs once when the server starts. */
export async function register(): Promise<void> {
  // Only the Node.js server renders pages that call the API; the check uses Node.js APIs.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigOrExit } = await import('./lib/check-config');
    checkConfigOrExit();
  }
}
