// Lint rules kept small on purpose: each one catches a class of bug the compiler does not.
// Run by `npm run lint` and in CI (.ci/run).
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "dist-fuzz/**", "node_modules/**", "grammar/cst.d.ts", "**/*.js", "**/*.mjs"] },
  {
    files: ["src/**/*.ts", "grammar/**/*.ts", "scripts/**/*.ts", "bench/**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // A new `kind` of node, type or value must be handled wherever a switch decides on kinds.
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      // A promise nobody awaits loses its error: the command would exit 0 past a failure.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      // Terminal output belongs to the CLI (src/cli/); the library reports through return values.
      "no-console": "error",
    },
  },
  {
    files: ["src/cli/**/*.ts", "scripts/**/*.ts", "bench/**/*.ts"],
    rules: { "no-console": "off" },
  },
);
