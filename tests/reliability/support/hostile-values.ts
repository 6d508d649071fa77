// Values built to break code that inspects them: throwing getters and traps, revoked proxies,
// objects that change their answer between reads.

/** An object whose every listed property getter throws. */
export function throwingGetters(
  keys: readonly PropertyKey[] = ['action', 'reason', 'metadata', 'message', 'name', 'then', 'constructor'],
): object {
  const target: Record<PropertyKey, unknown> = {};
  for (const key of keys) {
    Object.defineProperty(target, key, {
      enumerable: true,
      get: () => {
        throw new Error(`getter ${String(key)} throws`);
      },
    });
  }
  Object.defineProperty(target, Symbol.toPrimitive, {
    get: () => {
      throw new Error('toPrimitive throws');
    },
  });
  return target;
}

/** A Proxy whose every trap throws. */
export function throwingProxy(): object {
  const trap = () => {
    throw new Error('trap throws');
  };
  return new Proxy(
    {},
    {
      get: trap,
      has: trap,
      ownKeys: trap,
      getOwnPropertyDescriptor: trap,
      getPrototypeOf: trap,
      set: trap,
      defineProperty: trap,
      isExtensible: trap,
    },
  );
}

/** A revoked Proxy: any operation on it throws a TypeError, even `instanceof` and `Array.isArray`. */
export function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** An Error whose `message` and `name` getters throw. */
export function errorWithThrowingMessage(): Error {
  const error = new Error('placeholder');
  Object.defineProperty(error, 'message', {
    get: () => {
      throw new Error('message getter throws');
    },
  });
  Object.defineProperty(error, 'name', {
    get: () => {
      throw new Error('name getter throws');
    },
  });
  return error;
}

/** A decision look-alike whose `action` reads `first` once, then `then` on every later read. */
export function flippingDecision(first: string, then: string, frozen: boolean): object {
  let reads = 0;
  const lookAlike = {
    get action() {
      return reads++ === 0 ? first : then;
    },
    reason: 'flips',
    metadata: {},
  };
  return frozen ? Object.freeze(lookAlike) : lookAlike;
}

/** A decision look-alike that answers correctly for its first `goodReads` reads (fewer than the engine needs), then throws. */
export function decayingDecision(action: string, goodReads: number): object {
  let reads = 0;
  return {
    get action() {
      if (reads++ >= goodReads) throw new Error('decayed');
      return action;
    },
    reason: 'decays',
    metadata: {},
  };
}

/** A Proxy that looks like a decision to `get`, but whose metadata is a throwing Proxy. */
export function decisionWithHostileMetadata(action: string): object {
  return { action, reason: 'hostile metadata', metadata: throwingProxy() };
}

/** A REDACT look-alike whose `fields` list throws when iterated. */
export function redactWithHostileFields(): object {
  const fields = new Proxy(['ssn'], {
    get: (target, key) => {
      if (key === 'forEach' || key === Symbol.iterator || key === 'length') throw new Error('fields throw');
      return Reflect.get(target, key);
    },
  });
  return { action: 'redact', reason: 'hostile fields', metadata: { fields } };
}
