// Vite's ?inline imports a file as a data: URL (tests/fixtures/ingest/*.pdf).
declare module '*?inline' {
  const dataUrl: string
  export default dataUrl
}
