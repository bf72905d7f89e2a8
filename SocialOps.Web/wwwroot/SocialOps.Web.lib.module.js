// Blazor JS initializer: a page (a wall screen above all) must come back by itself after a network drop or a server
// restart, with nobody there to press "Reload". Retries never give up; when the server answers but no longer knows
// the circuit, Blazor reloads the page, and the cookies sign it in again.
export function beforeWebStart(options) {
  options.circuit = options.circuit ?? {};
  options.circuit.reconnectionOptions = {
    maxRetries: Number.MAX_SAFE_INTEGER,
    retryIntervalMilliseconds: (previousAttempts) => (previousAttempts < 10 ? 1000 : 5000),
  };
}
