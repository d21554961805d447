/**
 * Connectors another module adds to the registry: a `@Global()` module that provides and
 * exports this token with an array of connectors (the test suites register fakes this way,
 * e.g. an exclusive one for the lease tests). Optional; production registers none.
 */
export const EXTRA_CHANNEL_CONNECTORS = Symbol('EXTRA_CHANNEL_CONNECTORS');
