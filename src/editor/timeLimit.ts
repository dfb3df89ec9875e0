// A time limit on work the editor started against a server: a server can accept the connection
// and then never answer (a table lock held by another session, a peer that drops replies), and a
// view left "loading" forever says nothing. No 'vscode' import.

/** The work did not settle within `seconds`; whatever it holds must be destroyed by the caller. */
export class TimeLimitExceeded extends Error {
  override readonly name = 'TimeLimitExceeded';
  constructor(readonly seconds: number) {
    super(`no answer within ${seconds} s`);
  }
}

/** `work`, or a TimeLimitExceeded after `seconds`; a later rejection of `work` is then ignored. */
export async function withinTimeLimit<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeLimitExceeded(seconds)), seconds * 1000);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
    // The connection the work ran on is destroyed after a time-out: its query then fails, unheard.
    work.catch(() => undefined);
  }
}
