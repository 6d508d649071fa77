/**
 * Labelled PII corpora generated with @faker-js/faker from a seed: every PII type `detectPii`
 * knows, in sentences of several languages and in every locale faker has phone data for, and the
 * identifiers that look like PII but are not (ZIP codes, ISBNs, IMEIs, routing and account numbers,
 * software versions, timestamps, order ids), each in the sentence it usually comes in.
 *
 * The same seed gives the same corpus; the tuning seed and the held-out seed give disjoint draws, so
 * figures are reported on text no rule was tuned on.
 */
import { type Faker, allFakers } from '@faker-js/faker';
import { PII_TYPES, type PiiType } from '@clearstone/policy/builtins';

/** Seed of the corpus the detectors may be tuned on. */
export const TUNING_SEED = 20_240_917;
/** Seed of the corpus the accuracy figures are reported on (never looked at while tuning). */
export const HELD_OUT_SEED = 77_031_013;

/** The PII types of `detectPii`. */
export const PII_TYPE_NAMES: readonly PiiType[] = PII_TYPES;

/** Kinds of identifiers that look like PII and are not. */
export const LOOKALIKE_KINDS = [
  'zip_code',
  'isbn',
  'imei',
  'routing_number',
  'account_number',
  'version',
  'timestamp',
  'order_id',
] as const;

/** One positive sample: `text` contains `value` of `type` at `start`. */
export interface PiiSample {
  readonly type: string;
  /** A sub-group for reporting, e.g. the phone style. */
  readonly variant: string;
  readonly locale: string;
  readonly text: string;
  readonly value: string;
  readonly start: number;
}

/** One look-alike sample: `text` contains the non-PII identifier `value` at `start`. */
export interface LookalikeSample {
  readonly kind: string;
  readonly text: string;
  readonly value: string;
  readonly start: number;
}

/** Locales with phone, address and name data (faker's `base` and a few partial ones have none). */
export const LOCALES: readonly string[] = Object.keys(allFakers).filter((locale) => {
  try {
    const faker = allFakers[locale as keyof typeof allFakers];
    faker.phone.number();
    faker.person.firstName();
    faker.location.city();
    faker.location.zipCode();
    return true;
  } catch {
    return false;
  }
});

function fill(template: string, value: string): { text: string; start: number } {
  const start = template.indexOf('{}');
  return { text: template.slice(0, start) + value + template.slice(start + 2), start };
}

function pick<T>(faker: Faker, items: readonly T[]): T {
  return items[faker.number.int({ max: items.length - 1 })];
}

const NEUTRAL = [
  'Hi team, the value is {} as discussed.',
  '{}',
  'See {} below.',
  'Please use {}, thanks!',
  'Bitte {} verwenden.',
  'Voici: {}.',
  'Dato: {} (ver adjunto).',
  'Log line 42: saw {} in the payload',
  '"{}"',
  'field={}; next',
];

const CONTEXT: Record<PiiType, readonly string[]> = {
  email: ['Contact me at {} please.', 'E-Mail: {}', 'courriel : {}', 'reply-to <{}>', '{} wrote:', 'cc {}, bcc others'],
  phone: [
    'Call me at {} tomorrow.',
    'Phone: {}',
    'Tel. {}',
    'Telefon: {}',
    'téléphone : {}',
    'teléfono {}',
    'my mobile is {}',
    'WhatsApp {} after 6pm',
    'Fax: {}',
    'Telefone: {}',
    'cell {}.',
  ],
  credit_card: ['Card number {} exp 04/27', 'Paid with {}.', 'Kreditkarte: {}', 'carte {}', 'CC: {}'],
  iban: ['IBAN: {}', 'Please transfer to {} by Friday.', 'Kontonummer (IBAN) {}', 'wire to {}'],
  ssn: ['SSN {}', 'Social security number: {}', 'my ssn is {}.', 'SSN#: {}'],
  ipv4: ['Connection from {} refused', 'host {} is down', 'server ip: {}', 'GET / from {}:443'],
  ipv6: ['Connection from {} refused', 'addr {} up', 'listen [{}]:8080'],
  aws_access_key: ['aws_access_key_id = {}', 'AWS key {} leaked', 'export AWS_ACCESS_KEY_ID={}'],
  anthropic_api_key: ['ANTHROPIC_API_KEY={}', 'key: {}', 'x-api-key: {}'],
  openai_api_key: ['OPENAI_API_KEY={}', 'Authorization: Bearer {}', 'key={}'],
  github_token: ['GITHUB_TOKEN={}', 'token {} expires', 'git clone https://{}@github.com/acme/repo'],
  jwt: ['Authorization: Bearer {}', 'id_token={}', 'cookie session={};'],
  private_key: ['{}', 'key file:\n{}\n', 'Here is the key {} done'],
};

/** Phone words used in the context templates (the detector may rely on such words). */
function phoneSample(faker: Faker): { value: string; variant: string; templates: readonly string[] } {
  const roll = faker.number.int({ max: 9 });
  if (roll < 5)
    return {
      value: faker.phone.number({ style: 'international' }),
      variant: 'international',
      templates: [...NEUTRAL, ...CONTEXT.phone],
    };
  if (roll < 7) {
    // E.164 with the usual spacing of the country code (e.g. +55 11 91234-5678).
    const digits = faker.phone.number({ style: 'international' });
    const spaced = `${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5, digits.length - 4)}-${digits.slice(-4)}`;
    return { value: spaced, variant: 'international, spaced', templates: [...NEUTRAL, ...CONTEXT.phone] };
  }
  return {
    value: faker.phone.number({ style: pick(faker, ['national', 'human'] as const) }),
    variant: 'national, after a phone word',
    templates: CONTEXT.phone,
  };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function value(faker: Faker, type: PiiType): { value: string; variant: string } {
  switch (type) {
    case 'email':
      return { value: faker.internet.email(), variant: 'email' };
    case 'credit_card': {
      const issuer = pick(faker, ['visa', 'mastercard', 'american_express', 'discover', 'jcb', 'diners_club'] as const);
      // Card formats are the networks', not a locale's: some locales' data invent issuer prefixes.
      const formatted = allFakers.en.finance.creditCardNumber({ issuer });
      const style = faker.number.int({ max: 2 });
      const number =
        style === 0 ? formatted.replace(/\D/g, '') : style === 1 ? formatted.replace(/-/g, ' ') : formatted;
      return { value: number, variant: issuer };
    }
    case 'iban':
      return { value: faker.finance.iban({ formatted: faker.datatype.boolean() }), variant: 'iban' };
    case 'ssn': {
      let area = faker.number.int({ min: 1, max: 899 });
      if (area === 666) area = 665;
      const group = faker.number.int({ min: 1, max: 99 });
      const serial = faker.number.int({ min: 1, max: 9999 });
      const pad = (number: number, width: number): string => String(number).padStart(width, '0');
      return { value: `${pad(area, 3)}-${pad(group, 2)}-${pad(serial, 4)}`, variant: 'ssn' };
    }
    case 'ipv4':
      return { value: faker.internet.ipv4(), variant: 'ipv4' };
    case 'ipv6': {
      const full = faker.internet.ipv6();
      if (faker.datatype.boolean()) return { value: full, variant: 'full' };
      const groups = full.split(':');
      const at = faker.number.int({ min: 1, max: 5 });
      const length = faker.number.int({ min: 1, max: 3 });
      const compressed = `${groups.slice(0, at).join(':')}::${groups.slice(at + length).join(':')}`;
      return { value: compressed.replace(/(^|:)0{1,3}(?=[0-9a-f])/g, '$1'), variant: 'compressed' };
    }
    case 'aws_access_key':
      return {
        value: pick(faker, ['AKIA', 'ASIA'] as const) + faker.string.alphanumeric({ length: 16, casing: 'upper' }),
        variant: 'aws',
      };
    case 'anthropic_api_key':
      return { value: `sk-ant-api03-${faker.string.alphanumeric(93)}AA`, variant: 'anthropic' };
    case 'openai_api_key':
      return {
        value: faker.datatype.boolean()
          ? `sk-proj-${faker.string.alphanumeric(64)}`
          : `sk-${faker.string.alphanumeric(48)}`,
        variant: 'openai',
      };
    case 'github_token':
      return faker.datatype.boolean()
        ? {
            value: `${pick(faker, ['ghp', 'gho', 'ghs', 'ghu'] as const)}_${faker.string.alphanumeric(36)}`,
            variant: 'classic',
          }
        : {
            value: `github_pat_${faker.string.alphanumeric(22)}_${faker.string.alphanumeric(59)}`,
            variant: 'fine-grained',
          };
    case 'jwt':
      return { value: faker.internet.jwt(), variant: 'jwt' };
    case 'private_key': {
      const kind = pick(faker, ['', 'RSA ', 'EC ', 'OPENSSH '] as const);
      const lines = Array.from({ length: faker.number.int({ min: 3, max: 12 }) }, () =>
        faker.string.fromCharacters(BASE64, 64),
      );
      return {
        value: `-----BEGIN ${kind}PRIVATE KEY-----\n${lines.join('\n')}\n-----END ${kind}PRIVATE KEY-----`,
        variant: 'pem',
      };
    }
    default:
      throw new Error(`no generator for ${type}`);
  }
}

/** `perType` positive samples of every PII type, drawn from a random locale each. */
export function generatePiiSamples(seed: number, perType: number): PiiSample[] {
  const samples: PiiSample[] = [];
  let index = 0;
  for (const type of PII_TYPE_NAMES) {
    for (let count = 0; count < perType; count++, index++) {
      const chooser = allFakers.en;
      chooser.seed(seed * 1_000_003 + index);
      const locale = pick(chooser, LOCALES);
      const faker = allFakers[locale as keyof typeof allFakers];
      faker.seed(seed * 7_919 + index);
      const generated =
        type === 'phone' ? phoneSample(faker) : { ...value(faker, type), templates: [...NEUTRAL, ...CONTEXT[type]] };
      const placed = fill(pick(faker, generated.templates), generated.value);
      samples.push({
        type,
        variant: generated.variant,
        locale,
        text: placed.text,
        value: generated.value,
        start: placed.start,
      });
    }
  }
  return samples;
}

const LOOKALIKE_TEMPLATES: Record<(typeof LOOKALIKE_KINDS)[number], readonly string[]> = {
  zip_code: [
    'ZIP code {}',
    'zip: {}',
    'Postal code {}',
    'PLZ {}',
    'CEP {}',
    'code postal {}',
    'Ship to 12 Main St, Springfield, IL {}',
    '{street}, {city} {}',
    '{city}, {state} {}',
  ],
  isbn: ['ISBN {}', 'ISBN-13: {}', 'isbn {} (paperback)', 'Book: {}'],
  imei: ['IMEI {}', 'device IMEI: {}', 'IMEI/SN {}'],
  routing_number: ['routing number {}', 'ABA {}', 'Routing: {}', 'RTN {}'],
  account_number: ['account number {}', 'Acct {}', 'account no. {}', 'acct#: {}'],
  version: ['version {}', 'v{}', 'upgraded to {}', 'release {}', 'build {}', 'Node.js {}', 'firmware {}'],
  timestamp: ['at {}', 'ts={}', 'created {}', '[{}] INFO started', 'timestamp: {}'],
  order_id: ['Order {}', 'order #{}', 'Your order {} has shipped', 'PO {}', 'Bestellung {}', 'commande n° {}'],
};

function lookalikeValue(faker: Faker, kind: (typeof LOOKALIKE_KINDS)[number]): string {
  switch (kind) {
    case 'zip_code':
      return faker.datatype.boolean() ? allFakers.en_US.location.zipCode('#####-####') : faker.location.zipCode();
    case 'isbn':
      return faker.commerce.isbn({
        variant: pick(faker, [10, 13] as const),
        separator: pick(faker, ['-', ' ', ''] as const),
      });
    case 'imei': {
      const imei = faker.phone.imei();
      return faker.datatype.boolean() ? imei : imei.replace(/\D/g, '');
    }
    case 'routing_number':
      return faker.finance.routingNumber();
    case 'account_number':
      return faker.finance.accountNumber(faker.number.int({ min: 8, max: 17 }));
    case 'version': {
      if (faker.datatype.boolean()) return faker.system.semver();
      return Array.from({ length: 4 }, () => faker.number.int({ max: faker.datatype.boolean() ? 9 : 255 })).join('.');
    }
    case 'timestamp': {
      const date = faker.date.between({ from: '2000-01-01', to: '2035-12-31' });
      const iso = date.toISOString();
      const roll = faker.number.int({ max: 5 });
      if (roll === 0) return iso;
      if (roll === 1) return iso.replace('T', ' ').slice(0, 19);
      if (roll === 2) return String(Math.floor(date.getTime() / 1000));
      if (roll === 3) return String(date.getTime());
      if (roll === 4) return iso.slice(11, 23);
      return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
    }
    case 'order_id': {
      const roll = faker.number.int({ max: 4 });
      if (roll === 0) return `${faker.string.numeric(3)}-${faker.string.numeric(7)}-${faker.string.numeric(7)}`;
      if (roll === 1) return faker.string.numeric({ length: faker.number.int({ min: 8, max: 12 }) });
      if (roll === 2) return `ORD-${faker.number.int({ min: 2000, max: 2035 })}-${faker.string.numeric(6)}`;
      if (roll === 3) return `${faker.string.alpha({ length: 2, casing: 'upper' })}${faker.string.numeric(9)}`;
      return `${faker.string.numeric(4)}-${faker.string.numeric(4)}-${faker.string.numeric(4)}`;
    }
    default:
      throw new Error(`no generator for ${kind}`);
  }
}

/** `perKind` look-alike samples of every kind, in the sentence each usually comes in. */
export function generateLookalikeSamples(seed: number, perKind: number): LookalikeSample[] {
  const samples: LookalikeSample[] = [];
  let index = 0;
  for (const kind of LOOKALIKE_KINDS) {
    for (let count = 0; count < perKind; count++, index++) {
      const chooser = allFakers.en;
      chooser.seed(seed * 1_000_033 + index);
      const locale = kind === 'zip_code' || kind === 'order_id' ? pick(chooser, LOCALES) : 'en_US';
      const faker = allFakers[locale as keyof typeof allFakers];
      faker.seed(seed * 7_927 + index);
      const template = pick(faker, LOOKALIKE_TEMPLATES[kind])
        .replace('{street}', faker.location.streetAddress())
        .replace('{city}', faker.location.city())
        .replace('{state}', allFakers.en_US.location.state({ abbreviated: true }));
      const identifier = lookalikeValue(faker, kind);
      const placed = fill(template, identifier);
      samples.push({ kind, text: placed.text, value: identifier, start: placed.start });
    }
  }
  return samples;
}

/**
 * Chat-like messages mixing prose with PII and look-alikes (about one sentence in four carries
 * one), `count` of them, for throughput comparisons.
 */
export function generateMixedMessages(seed: number, count: number): string[] {
  const faker = allFakers.en;
  faker.seed(seed);
  const pii = generatePiiSamples(seed + 1, Math.ceil(count / 20));
  const lookalikes = generateLookalikeSamples(seed + 2, Math.ceil(count / 20));
  const messages: string[] = [];
  for (let index = 0; index < count; index++) {
    const sentences: string[] = [];
    const length = faker.number.int({ min: 2, max: 12 });
    for (let sentence = 0; sentence < length; sentence++) {
      const roll = faker.number.int({ max: 11 });
      if (roll === 0) sentences.push(pick(faker, pii).text);
      else if (roll === 1) sentences.push(pick(faker, lookalikes).text);
      else if (roll === 2) sentences.push(`See ${faker.internet.url()} for details.`);
      else if (roll < 6) sentences.push(faker.company.catchPhrase() + '.');
      else if (roll < 9) sentences.push(faker.lorem.sentence());
      else sentences.push(faker.hacker.phrase());
    }
    messages.push(sentences.join(' '));
  }
  return messages;
}
