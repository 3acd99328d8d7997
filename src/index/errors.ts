import { AppError } from '../errors.js';

/** An operator-fixable problem with the index folder; the message names the folder and the fix. */
export class IndexError extends AppError {
  constructor(message: string) {
    super(message, { code: 'index' });
  }
}

export const REBUILD_HINT = 'run `npm run index` to build it';
