/** prompts/*.md are bundled as text by the wrangler [[rules]] type = "Text" rule. */
declare module '*.md' {
  const text: string
  export default text
}
