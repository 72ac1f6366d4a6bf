// Markdown files bundled as text (esbuild.js: loader `.md` → text), such as the walkthrough's example note.
declare module '*.md' {
  const text: string;
  export default text;
}
