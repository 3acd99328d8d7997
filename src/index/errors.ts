/** An operator-fixable problem with the index folder; the message names the folder and the fix. */
export class IndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexError';
  }
}

export const REBUILD_HINT = 'run `npm run index` to build it';
