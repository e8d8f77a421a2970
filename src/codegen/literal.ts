// The one way text from a spec reaches generated code. File names, names, assert messages and
// check-block source come from files people exchange; pasted raw into the module `check` evaluates,
// a newline or U+2028 in a file name ends a comment and runs the rest as code. Every emit site
// that puts such text into generated code goes through `literal` (a string literal) or
// `commentText` (text inside a `//` or `/** */` comment); test/codegen/hostile-strings.test.ts
// checks both over hostile strings.

/** Characters that may not appear raw inside a comment: line terminators (U+2028/2029 are line
 *  terminators to JavaScript), other control characters, the backslash (our escape character),
 *  and lone surrogates (not well-formed text; a formatter may reject them). */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeChar(c: string): string {
  if (c === "\\") return "\\\\";
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** A JavaScript literal of a string or a plain-data value (tables of names and numbers), safe
 *  anywhere an expression may stand: line terminators, control characters and lone surrogates in
 *  its strings escaped (JSON.stringify leaves U+2028, U+2029 and C1 controls raw). */
export function literal(value: unknown): string {
  const json = JSON.stringify(value) as string | undefined;
  return json === undefined ? "undefined" : json.replace(/[\u2028\u2029\u007f-\u009f]/g, escapeChar);
}

/** `text` made safe to stand inside a `//` line comment or a `/** *\/` block comment: one line,
 *  no comment terminator, printable. Readable text (paths, names) comes out unchanged. */
export function commentText(text: string): string {
  return text.replace(UNSAFE, escapeChar).replace(/\*\//g, "*\\/");
}
