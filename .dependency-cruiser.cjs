/**
 * The boundaries of shared/design/STYLE.md ("Boundaries"), checked by `npm run lint:deps` (part of
 * `npm test`), so a new file that crosses one fails the build. The rules name layers by folder, so a
 * module added later (export/, ducha/, bots/, web/, workers/checker/) is covered the day it appears.
 *
 * Layers:
 *   entry points    src/api, src/bots, src/web (and src/workflows, which drive domain functions)
 *   domain          knowledge, templates, drafts, lifecycle, checks, export, ducha
 *   infrastructure  core, db, llm, storage, offices, webhooks (and env.ts)
 *   second Worker   workers/checker, reached from src/ only over its service binding
 * src/app.ts and src/index.ts compose the entry points and are the only files that may import routes.
 */
const DOMAIN = '(knowledge|templates|drafts|lifecycle|checks|export|ducha)'
const MODULES = '(knowledge|templates|drafts|lifecycle|checks|export|ducha|offices|webhooks|llm)'
const ENTRY = '(api|bots|web)'
const INFRA = '(core|db|llm|storage|offices|webhooks)'

/** Folders of domain modules that may not import the ones named: the order of STYLE.md. */
const order = [
  // knowledge, templates → drafts → checks: the lower modules never reach up.
  { from: '(knowledge|templates|checks)', forbidden: '(drafts|lifecycle|ducha|export)' },
  // lifecycle, ducha → drafts: drafts never reaches into what acts on drafts.
  { from: 'drafts', forbidden: '(lifecycle|ducha|export)' },
  // export is the last stop: it reads a draft, its approvals and 发文字号 (lifecycle), and nothing in the
  // domain reads export (only the entry points do).
  { from: '(lifecycle|ducha)', forbidden: 'export' },
]

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No cycles between files (STYLE.md: "No cycles"); split the shared part into a file both use.',
      from: { path: '^(src|workers)/' },
      to: { circular: true },
    },
    {
      name: 'entry-not-internals',
      severity: 'error',
      comment:
        'Entry points (api/, bots/, web/) reach domain modules through their index.ts only, and never db/, storage/ or drizzle-orm: re-export a tuple or type the entry point needs from a domain index or core/.',
      from: { path: `^src/${ENTRY}/` },
      to: {
        path: [`^src/${MODULES}/(?!index\\.ts$)`, '^src/(db|storage)/', '^node_modules/drizzle-orm/'],
        // The request middleware opens the database handle of the Ctx it builds.
        pathNot: '^src/db/client\\.ts$',
      },
    },
    {
      name: 'entry-db-client-only-middleware',
      severity: 'error',
      comment: 'Only the middleware that builds the Ctx opens the database; routes get ctx.db through it.',
      from: { path: `^src/${ENTRY}/`, pathNot: '^src/(api|web)/middleware\\.ts$' },
      to: { path: '^src/db/client\\.ts$' },
    },
    {
      name: 'entry-not-other-entry',
      severity: 'error',
      comment: 'api/, bots/ and web/ never import one another; shared behaviour belongs in a domain module or core/.',
      from: { path: `^src/${ENTRY}/` },
      to: { path: `^src/${ENTRY}/`, pathNot: '^src/$1/' },
    },
    {
      name: 'route-not-route',
      severity: 'error',
      comment: 'A route file never imports another route file: share schemas through api/schemas.ts or a domain module.',
      from: { path: '^src/api/.+\\.routes\\.ts$' },
      to: { path: '^src/api/.+\\.routes\\.ts$' },
    },
    {
      name: 'workflows-public-face',
      severity: 'error',
      comment: "Workflows drive domain functions through a module's index.ts, like any entry point.",
      from: { path: '^src/workflows/' },
      to: { path: [`^src/${MODULES}/(?!index\\.ts$)`, '^src/(storage|api|bots|web)/', '^src/db/schema\\.ts$', '^node_modules/drizzle-orm/'] },
    },
    {
      name: 'domain-through-index',
      severity: 'error',
      comment: "A module reaches another module through its index.ts, never into its files.",
      from: { path: `^src/${MODULES}/` },
      to: { path: `^src/${MODULES}/(?!index\\.ts$)`, pathNot: '^src/$1/' },
    },
    {
      name: 'domain-not-hono',
      severity: 'error',
      comment: "Domain and infrastructure modules never see Hono: they take (ctx, input) and return plain data.",
      from: { path: `^src/(${DOMAIN.slice(1, -1)}|${INFRA.slice(1, -1)})/` },
      to: { path: '^node_modules/(hono|@hono)/' },
    },
    {
      name: 'domain-not-entry',
      severity: 'error',
      comment: 'Domain and infrastructure modules never import entry points, workflows or the app.',
      from: { path: `^src/(${DOMAIN.slice(1, -1)}|${INFRA.slice(1, -1)})/` },
      to: { path: ['^src/(api|bots|web|workflows)/', '^src/(app|index)\\.ts$'] },
    },
    {
      name: 'infra-not-domain',
      severity: 'error',
      comment: 'Infrastructure (core, db, llm, storage, offices, webhooks) sits below every domain module.',
      from: { path: `^src/${INFRA}/` },
      to: { path: `^src/${DOMAIN}/` },
    },
    ...order.map((o, i) => ({
      name: `domain-order-${i + 1}`,
      severity: 'error',
      comment: 'knowledge, templates → drafts → checks; lifecycle, ducha → drafts (STYLE.md): no arrow points back.',
      from: { path: `^src/${o.from}/` },
      to: { path: `^src/${o.forbidden}/` },
    })),
    {
      name: 'only-llm-imports-openai',
      severity: 'error',
      comment: 'Only llm/ talks to model providers.',
      from: { pathNot: '^src/llm/' },
      to: { path: '^node_modules/openai/' },
    },
    {
      name: 'checker-over-binding',
      severity: 'error',
      comment: "The API Worker reaches workers/checker over its service binding only; importing its code would bundle the model back in (types are fine).",
      from: { path: '^src/' },
      to: { path: '^workers/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'checker-self-contained',
      severity: 'error',
      comment: "workers/checker is its own Worker: it may share the checks module's model code and core/, nothing that needs the API's bindings.",
      from: { path: '^workers/' },
      to: { path: ['^src/(?!(checks|core)/)'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(src|workers)/.+\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
