/**
 * Label words written just before a value, for the cases a pattern alone cannot tell: a ZIP+4 code
 * and a national phone number, a software version and an IPv4 address, an account number that
 * passes Luhn and a card number.
 */

/** How far back (UTF-16 code units) a label is looked for. */
const WINDOW = 28;

// Each list: the label, then only separators (and for phones up to two filler words: "call me at",
// "my mobile is", "Telefon ist") up to the value.
const PHONE_WORDS =
  /(?:^|[^\p{L}])(?:phone|telephone|tel|mobile|mobil|cell|cellphone|call|fax|whatsapp|sms|text me|ring|handy|telefon|telefone|telefono|teléfono|téléphone|portable|móvil|movil|celular|gsm|tlf|tfn)[^\p{L}\d\n]{0,4}(?:(?:me|at|is|on|no|nr|number|nummer|numéro|número|ist|est|es|é|unter|au|al|en)[^\p{L}\d\n]{1,3}){0,2}$/iu;

const NOT_PII_WORDS =
  /(?:^|[^\p{L}])(?:zip|zip code|zipcode|postal code|postcode|post code|plz|cep|code postal|isbn(?:-1[03])?|imei|imei\/sn|order|order no|po|invoice|ref|reference|tracking|serial|sku|account|account no|account number|acct|a\/c|routing|routing number|aba|rtn|bestellung|commande(?: n°)?|pedido|ordine)[^\p{L}\d\n]{0,4}$/iu;

const CARD_WORDS = /card|carte|karte|tarjeta|cartão|visa|mastercard|amex|\bcc\b/i;

const VERSION_WORDS =
  /(?:^|[^\p{L}])(?:version|ver|release|rel|build|firmware|fw|patch|rev|revision|upgraded? to|updated? to|downgraded? to|bumped? to|node(?:\.js)?|python|java|php|ruby|chrome|firefox|safari|android|ios|macos|windows|ubuntu|debian|kernel|sdk|npm|pip)[^\p{L}\d\n]{0,3}$/iu;

function before(text: string, start: number): string {
  return text.slice(Math.max(0, start - WINDOW), start);
}

/** True when a phone label ("Tel.", "call me at", "Telefon:") comes right before `start`. */
export function afterPhoneWord(text: string, start: number): boolean {
  return start > 0 && PHONE_WORDS.test(before(text, start));
}

/** True when a label of a non-PII identifier (ZIP, ISBN, IMEI, order, account, routing) comes right before `start`. */
export function afterNonPiiLabel(text: string, start: number): boolean {
  return start > 0 && NOT_PII_WORDS.test(before(text, start));
}

/** True when a card word ("card", "Visa", "CC") is written shortly before `start`. */
export function nearCardWord(text: string, start: number): boolean {
  return start > 0 && CARD_WORDS.test(text.slice(Math.max(0, start - 40), start));
}

/** True when a version label ("version", "v", "release", "firmware", a runtime name) comes right before `start`. */
export function afterVersionWord(text: string, start: number): boolean {
  return start > 0 && VERSION_WORDS.test(before(text, start));
}
