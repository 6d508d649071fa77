/** A clock that starts at a fixed epoch time and advances by a fixed step on every read. */
export class VirtualClock {
  #reads = 0;

  constructor(
    readonly startTimeMs: number,
    readonly tickMs: number,
  ) {}

  /** Epoch milliseconds, as `Date.now()` would return them. */
  now(): number {
    return this.startTimeMs + this.tickMs * this.#reads++;
  }

  /** Milliseconds since the context started, as `performance.now()` would return them. */
  elapsed(): number {
    return this.now() - this.startTimeMs;
  }
}

/**
 * A `Date` replacement whose no-argument form (and `Date.now()`, and `Date()` called as a function)
 * reads the virtual clock; every other form behaves like the real `Date`. Instances are real Dates.
 */
export function createFakeDate(RealDate: DateConstructor, clock: VirtualClock): DateConstructor {
  function FakeDate(this: unknown, ...args: unknown[]): Date | string {
    if (new.target === undefined) return new RealDate(clock.now()).toString();
    const constructorArgs = args.length === 0 ? [clock.now()] : args;
    return Reflect.construct(RealDate, constructorArgs, new.target === FakeDate ? RealDate : new.target) as Date;
  }
  Object.defineProperties(FakeDate, {
    prototype: { value: RealDate.prototype, writable: false },
    now: { value: () => clock.now(), writable: true, configurable: true },
    parse: { value: RealDate.parse, writable: true, configurable: true },
    UTC: { value: RealDate.UTC, writable: true, configurable: true },
    name: { value: 'Date', configurable: true },
    length: { value: 7, configurable: true },
  });
  return FakeDate as unknown as DateConstructor;
}
