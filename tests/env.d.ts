// Types `exports` from 'cloudflare:workers' in tests: the Worker's own main module.
declare global {
  namespace Cloudflare {
    interface GlobalProps {
      mainModule: typeof import('../src/index')
    }
  }
}
export {}

// Vite's ?inline imports a file as a data: URL (tests/fixtures/ingest/*.pdf).
declare module '*?inline' {
  const dataUrl: string
  export default dataUrl
}
