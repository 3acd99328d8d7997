/**
 * Discord-style snowflakes: 42 bits of milliseconds since the Discord epoch, then worker,
 * process and a 12-bit increment. Real timestamps matter because discord.js derives
 * `createdAt` from ids, and the emulator uses them to order messages.
 */
const DISCORD_EPOCH = 1_420_070_400_000n;

export class SnowflakeGenerator {
  private lastMs = 0n;
  private increment = 0n;

  constructor(
    private readonly workerId = 1n,
    private readonly processId = 0n,
  ) {}

  next(at: number = Date.now()): string {
    let ms = BigInt(at);
    // Never go backwards (clock or callers passing older times): ids must stay unique and sorted.
    if (ms < this.lastMs) ms = this.lastMs;
    if (ms === this.lastMs) {
      this.increment = (this.increment + 1n) & 0xfffn;
      if (this.increment === 0n) ms += 1n; // 4096 ids in one ms: borrow the next ms
    } else {
      this.increment = 0n;
    }
    this.lastMs = ms;
    return (
      ((ms - DISCORD_EPOCH) << 22n) |
      ((this.workerId & 0x1fn) << 17n) |
      ((this.processId & 0x1fn) << 12n) |
      this.increment
    ).toString();
  }
}

/** Milliseconds since the Unix epoch encoded in a snowflake. */
export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}
