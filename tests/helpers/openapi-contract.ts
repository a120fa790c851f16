/**
 * The API's OpenAPI document as a contract the tests hold it to: every JSON response a test
 * receives through `call()` (tests/fixtures.ts) is validated against the response schema the
 * document declares for its operation (method + path template) and status. A response the document
 * does not describe — an undeclared status, a field of the wrong type, a state missing from an
 * enum — fails the test that received it, so the document cannot drift from the code.
 *
 * The document is read from the Worker itself (GET /api/v1/openapi.json), as a client reads it, and
 * validated with @cfworker/json-schema (JSON Schema 2020-12, as OpenAPI 3.1 uses; it runs in workerd,
 * which forbids the code generation that ajv relies on).
 */
import { Validator, type Schema } from '@cfworker/json-schema'
import { exports } from 'cloudflare:workers'

const API_PREFIX = '/api/v1'

interface MediaType {
  schema?: Schema
}
interface ResponseSpec {
  content?: Record<string, MediaType>
}
interface Operation {
  responses?: Record<string, ResponseSpec>
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, Schema> }
}

interface CompiledPath {
  template: string
  pattern: RegExp
  params: number
}

let loaded: Promise<{ doc: OpenApiDocument; paths: CompiledPath[] }> | null = null
const validators = new Map<string, Validator>()

function compile(doc: OpenApiDocument): CompiledPath[] {
  return Object.keys(doc.paths)
    .map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      params: (template.match(/\{/g) ?? []).length,
    }))
    // A literal segment wins over a parameter: /findings/import before /findings/{id}.
    .sort((a, b) => a.params - b.params)
}

async function documentOnce(bootstrapToken: string) {
  loaded ??= (async () => {
    const res = await exports.default.fetch(
      new Request(`http://wenfu.test${API_PREFIX}/openapi.json`, { headers: { authorization: `Bearer ${bootstrapToken}` } }),
    )
    if (res.status !== 200) throw new Error(`the OpenAPI document answered ${res.status}`)
    const doc = (await res.json()) as OpenApiDocument
    return { doc, paths: compile(doc) }
  })()
  return loaded
}

/** Replaces `#/components/schemas/X` references by the schemas they name, so each schema stands alone. */
function inline(schema: unknown, components: Record<string, Schema>, seen: string[] = []): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, components, seen))
  if (!schema || typeof schema !== 'object') return schema
  const ref = (schema as { $ref?: unknown }).$ref
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '')
    const target = components[name]
    if (!target) throw new Error(`the OpenAPI document refers to a missing schema ${ref}`)
    if (seen.includes(name)) return {}
    return inline(target, components, [...seen, name])
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(v, components, seen)]))
}

/** Where in the document a request lands: the path template, or null for a path it does not have. */
export async function operationFor(method: string, url: string, bootstrapToken: string) {
  const { doc, paths } = await documentOnce(bootstrapToken)
  const path = new URL(url).pathname
  if (!path.startsWith(`${API_PREFIX}/`)) return null
  const local = path.slice(API_PREFIX.length)
  const match = paths.find((p) => p.pattern.test(local) && doc.paths[p.template]![method.toLowerCase()])
  return match ? { doc, template: match.template, operation: doc.paths[match.template]![method.toLowerCase()]! } : null
}

/**
 * Throws, naming the operation and what is wrong, when a JSON response is not what the document
 * declares. Non-JSON responses (files, SSE, 204/304) carry no schema to check.
 */
export async function assertDocumented(method: string, url: string, res: Response, bootstrapToken: string): Promise<void> {
  const type = res.headers.get('content-type') ?? ''
  if (!type.includes('application/json')) return
  const path = new URL(url).pathname
  // /healthz and the bot webhooks are outside the API and its document.
  if (!path.startsWith(`${API_PREFIX}/`) || path === `${API_PREFIX}/openapi.json`) return
  const found = await operationFor(method, url, bootstrapToken)
  if (!found) {
    // A path the API does not have answers the error envelope (404/405): nothing else to hold it to.
    if (res.status >= 400) return
    throw new Error(`${method} ${path} answered ${res.status} but the OpenAPI document has no such operation`)
  }
  const where = `${method.toUpperCase()} ${found.template} → ${res.status}`
  const spec = found.operation.responses?.[String(res.status)] ?? found.operation.responses?.default
  if (!spec) throw new Error(`${where}: the OpenAPI document does not declare this status`)
  // A route that hands back a stored file (an original upload) may hand back a JSON file.
  if (!spec.content) return
  const schema = spec.content?.['application/json']?.schema
  if (!schema) throw new Error(`${where}: answered JSON, but the document declares no JSON body for it`)
  const key = `${method} ${found.template} ${res.status}`
  let validator = validators.get(key)
  if (!validator) {
    validator = new Validator(inline(schema, found.doc.components?.schemas ?? {}) as Schema, '2020-12', false)
    validators.set(key, validator)
  }
  const body = await res.clone().json()
  const result = validator.validate(body)
  if (!result.valid) {
    const errors = result.errors
      .filter((e) => e.keyword !== 'properties' && e.keyword !== 'items' && e.keyword !== '$ref')
      .slice(0, 8)
      .map((e) => `${e.instanceLocation}: ${e.error}`)
    throw new Error(`${where}: the response does not match the OpenAPI document:\n  ${errors.join('\n  ')}\n  body: ${JSON.stringify(body).slice(0, 400)}`)
  }
}
