// ESLint for the viewer's page scripts (wwwroot/js): `npx eslint wwwroot/js` in this folder; a test runs it too.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["wwwroot/js/**/*.js"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      // D3 is a classic script the page loads before its modules (lib/d3.min.js).
      globals: { ...globals.browser, d3: "readonly" },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "max-len": ["error", { code: 120 }],
      "max-statements-per-line": ["error", { max: 1 }],
    },
  },
];
