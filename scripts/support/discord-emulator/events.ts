/** Everything the emulator observes, in order, with a wait primitive for tests. */
import type { APIApplicationCommandOptionChoice, APIMessage } from 'discord.js';

export interface UploadedFile {
  /** Form field, e.g. `files[0]`. */
  field: string;
  name: string;
  size: number;
  contentType: string;
}

export interface RecordedRequest {
  method: string;
  /** Path below the version prefix, e.g. `/channels/123/messages`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (multipart: the `payload_json` part), or null. */
  body: unknown;
  /** Files uploaded with a multipart request. */
  files: UploadedFile[];
  /** Whether an `Authorization: Bot <token>` header with the right token came along. */
  authorized: boolean;
  /** Filled in once the response is sent. */
  status: number;
  /** The emulator has no handler for this route (answered 404, code 0). */
  unknownRoute: boolean;
  /** Answered by a `failNext` rule rather than the normal handler. */
  injected: boolean;
  at: number;
}

/** Something the bot did in reply to one interaction. */
export type InteractionActivity =
  | {
      kind: 'interaction.callback';
      interactionId: string;
      callbackType: number;
      data: unknown;
      message: APIMessage | null;
      choices: APIApplicationCommandOptionChoice[] | null;
    }
  | { kind: 'interaction.edit'; interactionId: string; messageId: string; original: boolean; data: unknown; message: APIMessage }
  | { kind: 'interaction.followup'; interactionId: string; data: unknown; message: APIMessage }
  | { kind: 'interaction.delete'; interactionId: string; messageId: string; original: boolean };

export type EmulatorEventBody =
  | { kind: 'request'; request: RecordedRequest }
  | { kind: 'gateway.open'; connectionId: number; url: string }
  | { kind: 'gateway.receive'; connectionId: number; op: number; d: unknown }
  | { kind: 'gateway.send'; connectionId: number; op: number; t: string | null; s: number | null; d: unknown }
  | { kind: 'gateway.close'; connectionId: number; code: number; by: 'client' | 'emulator' }
  | { kind: 'session.ready'; sessionId: string; connectionId: number }
  | { kind: 'session.resumed'; sessionId: string; connectionId: number; replayed: number }
  | { kind: 'interaction.create'; interactionId: string; interactionType: number }
  | { kind: 'message.create'; channelId: string; message: APIMessage }
  | { kind: 'message.update'; channelId: string; message: APIMessage }
  | { kind: 'message.delete'; channelId: string; messageId: string }
  | { kind: 'channel.delete'; channelId: string }
  | InteractionActivity;

export type EmulatorEvent = EmulatorEventBody & { seq: number; at: number };

type Waiter = { predicate: (event: EmulatorEvent) => boolean; resolve: (event: EmulatorEvent) => void; reject: (error: Error) => void };

export class EventLog {
  readonly events: EmulatorEvent[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly listeners = new Set<(event: EmulatorEvent) => void>();

  push(body: EmulatorEventBody): EmulatorEvent {
    const event: EmulatorEvent = { ...body, seq: this.events.length, at: Date.now() };
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(event)) {
        this.waiters.delete(waiter);
        waiter.resolve(event);
      }
    }
    return event;
  }

  subscribe(listener: (event: EmulatorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves with the first event (already recorded, from `fromSeq` on, or future)
   * matching the predicate; rejects after `timeoutMs` so a test never hangs.
   */
  waitFor(predicate: (event: EmulatorEvent) => boolean, timeoutMs: number, fromSeq = 0, what = 'event'): Promise<EmulatorEvent> {
    for (let i = fromSeq; i < this.events.length; i++) {
      const event = this.events[i];
      if (event && predicate(event)) return Promise.resolve(event);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const recent = this.events.slice(-8).map(describeEvent).join('\n  ');
        reject(new Error(`discord emulator: timed out after ${timeoutMs} ms waiting for ${what}; last events:\n  ${recent}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Fails every pending wait (used on close so nothing dangles). */
  rejectAll(reason: string): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter.reject(new Error(`discord emulator: ${reason}`));
  }
}

export function describeEvent(event: EmulatorEvent): string {
  switch (event.kind) {
    case 'request':
      return `#${event.seq} ${event.request.method} ${event.request.path} -> ${event.request.status}`;
    case 'gateway.receive':
      return `#${event.seq} gateway <- op ${event.op}`;
    case 'gateway.send':
      return `#${event.seq} gateway -> op ${event.op}${event.t ? ` ${event.t}` : ''}${event.s !== null ? ` s=${event.s}` : ''}`;
    case 'interaction.callback':
      return `#${event.seq} interaction ${event.interactionId} callback type ${event.callbackType}`;
    default:
      return `#${event.seq} ${event.kind}`;
  }
}
