// A spec whose file name, comments and assert message try to break out of HTML: shared by the
// escaping tests (test/report/html-escaping.test.ts) and the browser tests, which open its
// report and its explorer and check that nothing it holds runs.

/** The spec's file name: markup, quotes and an ampersand (no slash: it is a file name). */
export const HOSTILE_FILE = `x<script>alert(1)<"'&.vmaspec`;

/** Text that would end the page's script and run its own, if it reached the page unescaped. */
export const BREAKOUT = `</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">`;

/** Fails an assert on its second step, with the breakout as the assert's message and in comments. */
export const HOSTILE_SPEC = `// ${BREAKOUT}
spec Hostile
var x: 0..3 = 0 // <!-- ${BREAKOUT} -->
process P {
  step a { x = 1 }
  step b { assert x == 0 : "${BREAKOUT.replace(/"/g, "'")}" }
}
invariant Small: x < 3 // ]]> ${BREAKOUT}
check boom { expect violation assert }
`;
