// Types `exports` from 'cloudflare:workers' in tests: the Worker's own main module.
declare global {
  namespace Cloudflare {
    interface GlobalProps {
      mainModule: typeof import('../src/index')
    }
  }
}
export {}

