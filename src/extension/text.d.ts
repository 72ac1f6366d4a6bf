// Files bundled as text (esbuild.js: loaders `.md` and `.code-snippets` → text): the walkthrough's
// example note, and the snippets the fence completions offer as starter blocks.
declare module '*.md' {
  const text: string;
  export default text;
}
declare module '*.code-snippets' {
  const text: string;
  export default text;
}
