/** Named inputs that exercise every branch of GPT-2 pre-tokenization and byte-level BPE. */
export const FIXTURE_TEXTS: Readonly<Record<string, string>> = {
  prose: 'The quick brown fox jumps over the lazy dog. It was 1,234.56 miles away!',
  code: 'function add(a, b) {\n\treturn a + b; // sum\n}\nconst x = add(1, 2) ?? 0;\r\n',
  cjk: '日本語のテキストと中文文本，还有한국어 텍스트。',
  emojiZwj: 'family 👨‍👩‍👧‍👦 and flag 🏳️‍🌈 end',
  skinTones: 'thumbs 👍🏻👍🏽👍🏿 wave 👋🏾',
  combining: 'e\u0301 a\u0300\u0316 Z\u0351\u0352\u0353 ñ vs n\u0303',
  whitespaceRuns: 'a   b\t\t c\n\n\n   d     \n  ',
  crlf: 'line one\r\nline two\r\n\r\n',
  contractionsLower: "I'm sure you're right, we'll see; they've it's he'd can't",
  contractionsUpper: "I'M SURE YOU'RE RIGHT, WE'LL SEE; THEY'VE IT'S HE'D CAN'T",
  digits: '0123456789 ٣٤٥ ⅷ 12345678901234567890',
  controlChars: 'a\u0000b\u0001c\u001f\u007f\u0085\u00a0d\u2028e\u3000f',
  loneSurrogates: 'x\ud800y\udc00z \udbff',
  apostrophes: "'s 's ''s '' 'x \"'s\"",
  specialLookalike: '<|endoftext|> <|endoftext',
};
