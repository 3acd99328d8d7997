/** Discord's JSON error envelope, and the nested "Invalid Form Body" error tree. */

export interface FieldError {
  code: string;
  message: string;
}

/** Messages Discord pairs with its JSON error codes (the ones the emulator produces). */
export const ERROR_MESSAGES: Readonly<Record<number, string>> = {
  10003: 'Unknown Channel',
  10004: 'Unknown Guild',
  10007: 'Unknown Member',
  10008: 'Unknown Message',
  10013: 'Unknown User',
  10015: 'Unknown Webhook',
  10062: 'Unknown interaction',
  10063: 'Unknown application command',
  40060: 'Interaction has already been acknowledged.',
  50001: 'Missing Access',
  50005: 'Cannot edit a message authored by another user',
  50006: 'Cannot send an empty message',
  50008: 'Cannot send messages in a non-text channel',
  50013: 'Missing Permissions',
  50027: 'Invalid Webhook Token',
  50035: 'Invalid Form Body',
  50109: 'The request body contains invalid JSON.',
};

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function defaultErrorMessage(status: number, code: number): string {
  return ERROR_MESSAGES[code] ?? `${status}: ${STATUS_TEXT[status] ?? 'Error'}`;
}

/** Thrown by route handlers; the HTTP layer turns it into a response. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string = defaultErrorMessage(status, code),
    readonly errors?: Record<string, unknown>,
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return this.errors ? { message: this.message, code: this.code, errors: this.errors } : { message: this.message, code: this.code };
  }
}

type PathPart = string | number;

/**
 * Collects field errors the way Discord reports them:
 * `{ embeds: { "0": { description: { _errors: [{ code, message }] } } } }`.
 * discord.js flattens this into "embeds[0].description[BASE_TYPE_MAX_LENGTH]: ...".
 */
export class FormErrors {
  private readonly tree: Record<string, unknown> = {};
  private count = 0;

  get isEmpty(): boolean {
    return this.count === 0;
  }

  add(path: readonly PathPart[], code: string, message: string): void {
    let node = this.tree;
    for (const part of path) {
      const key = String(part);
      const child = node[key];
      if (isRecord(child)) {
        node = child;
      } else {
        const created: Record<string, unknown> = {};
        node[key] = created;
        node = created;
      }
    }
    const list = node['_errors'];
    if (Array.isArray(list)) list.push({ code, message });
    else node['_errors'] = [{ code, message }];
    this.count += 1;
  }

  maxLength(path: readonly PathPart[], max: number): void {
    this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }

  required(path: readonly PathPart[]): void {
    this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  }

  /** Throws the 400 Discord sends when anything was collected. */
  throwIfAny(): void {
    if (!this.isEmpty) throw new ApiError(400, 50035, 'Invalid Form Body', this.tree);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
