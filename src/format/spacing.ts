// The space between two tokens on one line: "" or " ", decided by their kinds and the grammar rules
// that consumed them (a unary `-` is tight, a binary one spaced; `{` of a set literal is tight, of
// a block spaced). In: two token items. Out: the text between them.
//
// The rules name today's grammar; a token of a kind or a rule not listed here keeps the spacing the
// author gave it, so a construct added to the grammar later is never respaced by guesswork.

import type { CstElement, CstNode } from "chevrotain";
import type { TokenItem } from "./items.js";

/** Grammar rules whose tokens' spacing this file knows (test/format checks the list is complete). */
export const KNOWN_RULES: ReadonlySet<string> = new Set([
  "sourceFile",
  "header",
  "importDecl",
  "decl",
  "initDecl",
  "interruptDecl",
  "constDecl",
  "typeDecl",
  "varDecl",
  "params",
  "param",
  "fnDecl",
  "macroDecl",
  "procDecl",
  "actionDecl",
  "processDecl",
  "processBody",
  "step",
  "invariantDecl",
  "propertyDecl",
  "temporal",
  "constraintDecl",
  "checkDecl",
  "checkItem",
  "refinesDecl",
  "refineEntry",
  "memoryDecl",
  "expectItem",
  "stepRef",
  "block",
  "statement",
  "ifStmt",
  "letStmt",
  "awaitStmt",
  "assertStmt",
  "eitherStmt",
  "chooseStmt",
  "whileStmt",
  "gotoStmt",
  "callStmt",
  "returnStmt",
  "exprStmt",
  "expression",
  "disjunction",
  "conjunction",
  "comparison",
  "setExpr",
  "rangeExpr",
  "additive",
  "multiplicative",
  "unary",
  "postfix",
  "selector",
  "primary",
  "name",
  "stepName",
  "nameOrCall",
  "args",
  "parenExpr",
  "ifExpr",
  "letExpr",
  "quantExpr",
  "pickExpr",
  "foldExpr",
  "binder",
  "braceExpr",
  "braceItem",
  "bracketExpr",
  "tupleExpr",
  "typeExpr",
  "typeAtom",
  "enumType",
  "enumMember",
  "recordType",
  "fieldType",
  "mapType",
  "setType",
  "seqType",
  "tupleType",
  "rangeType",
]);

/** Rules whose `{ }` hold statements or items, one per line when they span lines. */
export const BLOCK_RULES: ReadonlySet<string> = new Set(["block", "processBody", "checkDecl", "refinesDecl"]);

// Token kinds (chevrotain token names) the rules below were written for; any other keeps its spacing.
const PUNCTUATION = new Set([
  "MapsTo",
  "Arrow",
  "Implies",
  "LeadsTo",
  "EqEq",
  "NotEq",
  "LessEq",
  "GreaterEq",
  "AndAnd",
  "OrOr",
  "PlusAssign",
  "MinusAssign",
  "DotDot",
  "Plus",
  "Dash",
  "Star",
  "Slash",
  "Percent",
  "Less",
  "Greater",
  "Assign",
  "Bang",
  "Question",
  "Prime",
  "Colon",
  "Semi",
  "Comma",
  "Dot",
  "LParen",
  "RParen",
  "LBracket",
  "RBracket",
  "LCurly",
  "RCurly",
  "NumberLiteral",
  "StringLiteral",
  "Identifier",
]);

function known(item: TokenItem, rules: ReadonlySet<string>): boolean {
  if (!rules.has(item.rule)) return false;
  const kind = item.token.tokenType.name;
  // Keywords are words: spaced like names.
  return PUNCTUATION.has(kind) || /^[a-z]+$/i.test(String(item.token.tokenType.PATTERN));
}

/** The text between `a` and `b` when they stay on one line. */
export function spaceBetween(a: TokenItem, b: TokenItem, rules: ReadonlySet<string> = KNOWN_RULES): string {
  if (!known(a, rules) || !known(b, rules)) return b.gap;
  const ak = a.token.tokenType.name;
  const bk = b.token.tokenType.name;
  if (bk === "Comma" || bk === "Semi" || bk === "RParen" || bk === "RBracket" || bk === "Question") return "";
  if (ak === "LParen" || ak === "LBracket") return "";
  if (bk === "Prime") return "";
  // `always [A]_v` and `always [A]_(v, w)`: the subscript is written against the bracket.
  if (a.rule === "temporal" && (ak === "RBracket" || (ak === "Identifier" && a.token.image === "_")))
    return "";
  if (ak === "Dot" || bk === "Dot" || ak === "DotDot" || bk === "DotDot") return "";
  if (ak === "Bang" || (ak === "Dash" && a.rule === "unary")) return "";
  // `<<a, b>>`: the angle brackets are written against each other and the components.
  if ((a.rule === "tupleExpr" && ak === "Less") || (b.rule === "tupleExpr" && bk === "Greater")) return "";
  if (isTypeAngle(a, "Less") || isTypeAngle(b, "Less") || isTypeAngle(b, "Greater")) return "";
  if (bk === "Colon")
    return b.rule === "assertStmt" || (b.rule === "braceItem" && isMapComprehension(b)) ? " " : "";
  if (bk === "LParen") return b.rule === "args" || b.rule === "params" || b.rule === "actionDecl" ? "" : " ";
  if (bk === "LBracket") return b.rule === "selector" || b.rule === "processDecl" ? "" : " ";
  if (ak === "LCurly" && bk === "RCurly") return a.rule === "braceExpr" ? "" : " ";
  // `process P at {s, t}`: a set of steps, tight as a set literal.
  if (ak === "LCurly")
    return (a.rule === "braceExpr" && !isRecord(a.node)) || a.rule === "processDecl" ? "" : " ";
  if (bk === "RCurly")
    return (b.rule === "braceExpr" && !isRecord(b.node)) || b.rule === "processDecl" ? "" : " ";
  if (isRangeBoundOp(a) || isRangeBoundOp(b)) return "";
  return " ";
}

/** `{ f: 1, g: x }`: a brace expression whose items are all `name: value` (spaced, as record types are). */
function isRecord(brace: CstNode): boolean {
  const items = (brace.children["braceItem"] ?? []) as CstNode[];
  return (
    items.length > 0 &&
    items.every((item) => {
      const lhs = only(item.children["lhs"]);
      const rhs = only(item.children["rhs"]);
      return !!item.children["Colon"] && !!lhs && !!rhs && !topMembership(lhs) && !topMembership(rhs);
    })
  );
}

/** An operator of a range's bound, written tight as the kernel writes them: `0..NR_PAGES-1`. */
function isRangeBoundOp(item: TokenItem): boolean {
  if (item.rule !== "additive" && item.rule !== "multiplicative") return false;
  const [parent, grandparent] = item.ancestors;
  const range = item.rule === "additive" ? parent : parent?.name === "additive" ? grandparent : undefined;
  return !!range && (range.name === "rangeType" || range.name === "rangeExpr") && !!range.children["DotDot"];
}

function isTypeAngle(item: TokenItem, kind: string): boolean {
  return (
    item.token.tokenType.name === kind &&
    (item.rule === "setType" || item.rule === "seqType" || item.rule === "tupleType")
  );
}

/** `{e : x in S}`: an item whose right side is a membership test and left side is not. */
function isMapComprehension(colon: TokenItem): boolean {
  const lhs = colon.node.children["lhs"]?.[0];
  const rhs = colon.node.children["rhs"]?.[0];
  return (
    !!rhs && "children" in rhs && topMembership(rhs) && !(lhs && "children" in lhs && topMembership(lhs))
  );
}

/** Whether an expression CST node is `a in b` at its top. */
function topMembership(expr: CstNode): boolean {
  if (expr.children["Implies"]) return false;
  const disjunction = only(expr.children["lhs"]);
  if (!disjunction || disjunction.children["OrOr"]) return false;
  const conjunction = only(disjunction.children["conjunction"]);
  if (!conjunction || conjunction.children["AndAnd"]) return false;
  const comparison = only(conjunction.children["comparison"]);
  return !!comparison && !!comparison.children["In"];
}

function only(elements: CstElement[] | undefined): CstNode | undefined {
  const first = elements?.length === 1 ? elements[0] : undefined;
  return first && "children" in first ? first : undefined;
}
