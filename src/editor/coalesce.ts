// A refresh that never overlaps itself: a call while a run is going asks for one more run after
// it, and every call made meanwhile shares that one. Each call resolves once a run that started
// after it has finished, so the caller sees the state at the time of its call, however many
// events (file saves, setting changes) arrived together. No 'vscode' import: tested in plain Node.

/** `work` wrapped so that runs never overlap and calls during a run coalesce into one more run. */
export function coalesced(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    const run = (async () => {
      do {
        again = false;
        await work();
      } while (again);
    })().finally(() => (running = undefined));
    running = run;
    return run;
  };
}
