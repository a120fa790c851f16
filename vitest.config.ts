import path from 'node:path'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'
import { buildChecker } from './scripts/build-checker.mjs'
import { buildWeb } from './scripts/build-web.mjs'

const migrations = await readD1Migrations(path.join(import.meta.dirname, 'migrations'))
// The checker Worker (workers/checker) runs beside the API Worker as an auxiliary Worker, bundled
// before the tests: the pool does not read its wrangler.toml.
const checker = await buildChecker()
// The 工作台's assets (wrangler.toml [assets]) must exist before the pool reads the config.
await buildWeb()
// A broken checker, bound as CHECKER_BROKEN: tests put it in place of CHECKER to see checks carry on
// without the model. Its calls throw, or, for the text "hang", answer only after 30 s.
const brokenChecker = `import { WorkerEntrypoint } from 'cloudflare:workers'
export class TypoChecker extends WorkerEntrypoint {
  async analyse(request) {
    if (request.text === 'hang') await new Promise((resolve) => setTimeout(resolve, 30000))
    throw new Error('checker down')
  }
}
export default { fetch: () => new Response(null, { status: 404 }) }`

export default defineConfig({
  plugins: [
    cloudflareTest({
      // Environment "test" makes wrangler read the committed .dev.vars.test, never a developer's own
      // .dev.vars (an OPENAI_BASE_URL there must not reach the tests); see docs/architecture.md.
      wrangler: { configPath: './wrangler.toml', environment: 'test' },
      remoteBindings: false,
      miniflare: {
        workers: [
          { name: 'wenfu-checker', modules: true, scriptPath: checker, compatibilityDate: '2026-04-26' },
          { name: 'wenfu-checker-broken', modules: true, script: brokenChecker, compatibilityDate: '2026-04-26' },
        ],
        serviceBindings: {
          CHECKER: { name: 'wenfu-checker', entrypoint: 'TypoChecker' },
          CHECKER_BROKEN: { name: 'wenfu-checker-broken', entrypoint: 'TypoChecker' },
        },
        // tests/checker/ imports the model itself; its data are Data modules as in the checker's wrangler.toml
        modulesRules: [{ type: 'Data', include: ['**/*.bin'], fallthrough: true }],
        bindings: {
          TEST_MIGRATIONS: migrations,
          WENFU_BOOTSTRAP_TOKEN: 'test-bootstrap-token-0123456789',
          WENFU_ENV: 'test',
          // Cloudflare Access (src/core/access.ts): tests/web/access.test.ts signs its own JWTs and answers
          // https://wenfu-test.cloudflareaccess.com/cdn-cgi/access/certs through a spy on fetch.
          WENFU_ACCESS_TEAM_DOMAIN: 'wenfu-test',
          WENFU_ACCESS_AUD: 'test-access-aud',
          // A provider for the compose tests: tests/helpers/fake-llm.ts answers http://llm.test through a
          // spy on fetch (Workflow steps only see bindings, so the provider cannot come from a test).
          OPENAI_BASE_URL: 'http://llm.test/v1',
          OPENAI_API_KEY: 'test-key',
          WENFU_MODEL: 'stand-in',
          WENFU_PROVIDER_TRUST: 'external',
          WENFU_LLM_TIMEOUT_MS: '400',
          WENFU_LLM_RETRIES: '2',
          WENFU_LLM_BACKOFF_MS: '5',
        },
      },
    }),
  ],
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'tests/node/**', 'tests/render/**', 'node_modules/**'],
    setupFiles: ['./tests/apply-migrations.ts'],
    testTimeout: 30_000,
    // The first PDF read in a test file loads pdf.js through vite's module runner (~9 s on the CI machine).
    hookTimeout: 30_000,
  },
})
