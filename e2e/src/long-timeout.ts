// A journey waits on real expirations and event propagation across services.
jest.setTimeout(120_000);
