/**
 * Label words written just before a value, for the cases a pattern alone cannot tell: a ZIP+4 code
 * and a national phone number, a software version and an IPv4 address, an account number that
 * passes Luhn and a card number. Checked by hand on a short lower-cased window (no regex).
 */

/** How far back (UTF-16 code units) a label is looked for. */
const WINDOW = 28;

/** Words grouped by their last character, so that a lookup compares only the few that can match. */
type WordIndex = ReadonlyMap<number, readonly string[]>;

function byLastCharacter(words: readonly string[]): WordIndex {
  const index = new Map<number, string[]>();
  for (const word of words) {
    const last = word.charCodeAt(word.length - 1);
    index.set(last, [...(index.get(last) ?? []), word]);
  }
  return index;
}

const PHONE_WORDS = byLastCharacter([
  'phone',
  'telephone',
  'cellphone',
  'tel',
  'mobile',
  'mobil',
  'cell',
  'call',
  'fax',
  'whatsapp',
  'sms',
  'text me',
  'ring',
  'handy',
  'telefon',
  'telefone',
  'telefono',
  'teléfono',
  'téléphone',
  'portable',
  'móvil',
  'movil',
  'celular',
  'gsm',
  'tlf',
  'tfn',
]);

/** Words allowed between a phone word and the number ("call me at", "Telefon ist", "phone no."). */
const FILLER_WORDS = byLastCharacter([
  'me',
  'at',
  'is',
  'on',
  'no',
  'nr',
  'number',
  'nummer',
  'numéro',
  'número',
  'ist',
  'est',
  'es',
  'é',
  'unter',
  'au',
  'al',
  'en',
]);

const NOT_PII_WORDS = byLastCharacter([
  'zip',
  'zip code',
  'zipcode',
  'postal code',
  'postcode',
  'post code',
  'plz',
  'cep',
  'code postal',
  'isbn',
  'isbn-10',
  'isbn-13',
  'imei',
  'imei/sn',
  'order',
  'order no',
  'po',
  'invoice',
  'ref',
  'reference',
  'tracking',
  'serial',
  'sku',
  'account',
  'account no',
  'account number',
  'acct',
  'acct#',
  'a/c',
  'routing',
  'routing number',
  'aba',
  'rtn',
  'bestellung',
  'commande',
  'commande n°',
  'pedido',
  'ordine',
]);

const VERSION_WORDS = byLastCharacter([
  'version',
  'ver',
  'release',
  'rel',
  'build',
  'firmware',
  'fw',
  'patch',
  'rev',
  'revision',
  'upgrade to',
  'upgraded to',
  'update to',
  'updated to',
  'downgrade to',
  'downgraded to',
  'bump to',
  'bumped to',
  'node',
  'node.js',
  'python',
  'java',
  'php',
  'ruby',
  'chrome',
  'firefox',
  'safari',
  'android',
  'ios',
  'macos',
  'windows',
  'ubuntu',
  'debian',
  'kernel',
  'sdk',
  'npm',
  'pip',
]);

const CARD_WORDS = /card|carte|karte|tarjeta|cartão|visa|mastercard|amex|\bcc\b/;

const NON_ASCII_LETTER = /\p{L}/u;

function isLetter(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  return NON_ASCII_LETTER.test(String.fromCharCode(code));
}

/** The lower-cased text before `start`, without up to `max` trailing separators (undefined: more). */
function window(text: string, start: number, max: number): string | undefined {
  return trimSeparators(text.slice(Math.max(0, start - WINDOW), start).toLowerCase(), max);
}

/** Drops up to `max` trailing separators (anything but letters, digits and line breaks). */
function trimSeparators(tail: string, max: number): string | undefined {
  let end = tail.length;
  while (end > 0) {
    const code = tail.charCodeAt(end - 1);
    if (isLetter(code) || (code >= 48 && code <= 57) || code === 10) break;
    if (tail.length - end === max) return undefined;
    end--;
  }
  return tail.slice(0, end);
}

/** The word of `words` that `tail` ends with as a whole word, if any. */
function endingWord(tail: string, words: WordIndex): string | undefined {
  const candidates = words.get(tail.charCodeAt(tail.length - 1));
  if (candidates === undefined) return undefined;
  for (const word of candidates) {
    if (!tail.endsWith(word)) continue;
    const before = tail.length - word.length - 1;
    if (before < 0 || !isLetter(tail.charCodeAt(before))) return word;
  }
  return undefined;
}

/** True when a phone label ("Tel.", "call me at", "Telefon:") comes right before `start`. */
export function afterPhoneWord(text: string, start: number): boolean {
  let tail = start > 0 ? window(text, start, 4) : undefined;
  for (let fillers = 0; tail !== undefined && tail.length > 0; fillers++) {
    if (endingWord(tail, PHONE_WORDS) !== undefined) return true;
    const filler = fillers < 2 ? endingWord(tail, FILLER_WORDS) : undefined;
    if (filler === undefined) return false;
    tail = trimSeparators(tail.slice(0, tail.length - filler.length), 3);
  }
  return false;
}

/** True when a label of a non-PII identifier (ZIP, ISBN, IMEI, order, account, routing) comes right before `start`. */
export function afterNonPiiLabel(text: string, start: number): boolean {
  const tail = start > 0 ? window(text, start, 4) : undefined;
  return tail !== undefined && endingWord(tail, NOT_PII_WORDS) !== undefined;
}

/** True when a card word ("card", "Visa", "CC") is written shortly before `start`. */
export function nearCardWord(text: string, start: number): boolean {
  return start > 0 && CARD_WORDS.test(text.slice(Math.max(0, start - 40), start).toLowerCase());
}

/** True when a version label ("version", "release", "firmware", a runtime name) comes right before `start`. */
export function afterVersionWord(text: string, start: number): boolean {
  const tail = start > 0 ? window(text, start, 3) : undefined;
  return tail !== undefined && endingWord(tail, VERSION_WORDS) !== undefined;
}
