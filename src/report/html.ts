// The one way text reaches the HTML pages of src/report/: every string from a spec (its source,
// names, values, messages) goes through escapeHtml, in element content and in attribute values
// alike, so no spec can inject markup or script into a report or the explorer. Also the JSON
// that the explorer's server sends, made safe to embed should anyone put it in a page.

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** `text` as HTML text or as a quoted attribute value: & < > " ' replaced by entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** An element: `tag` with escaped attribute values around children that are already HTML. */
export function el(
  tag: string,
  attrs: Record<string, string | number | undefined>,
  ...children: string[]
): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeHtml(String(v))}"`)
    .join("");
  return `<${tag}${a}>${children.join("")}</${tag}>`;
}

/** An element holding plain text (escaped). */
export function text(
  tag: string,
  attrs: Record<string, string | number | undefined>,
  content: string,
): string {
  return el(tag, attrs, escapeHtml(content));
}

/** JSON that cannot end a `<script>` element or open a comment, whatever strings it holds. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** `text` cut to `max` characters, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
