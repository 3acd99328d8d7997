import { AppError } from '../errors.js';

/**
 * A saved lexical index that cannot be used (another format, another tokenizer, damaged data).
 * The index loader reports it as an IndexError naming the file; code reading a lexical index on
 * its own (tests, the evaluation) gets this AppError with the same `index` code and the fix.
 */
export class LexicalIndexError extends AppError {
  constructor(message: string) {
    super(message, { code: 'index' });
  }
}
