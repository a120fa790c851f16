import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { createMemberToken, createOffice, issueMemberToken, listMembers, listOffices, listTokens, memberUpdateInput, officeInput, revokeToken, ROLES, tokenInput, updateMember } from '../offices'
import { errorResponses, idParam, jsonBody, jsonOk, security, validationHook } from './openapi'
import type { Describes } from './schemas'
import type { AppEnv } from './types'

const tags = ['管理 Admin']
const officeOut = z.object({ id: z.string(), name: z.string(), code: z.string() }).openapi('Office')
const tokenOut = z
  .object({ memberId: z.string(), tokenId: z.string(), token: z.string().openapi({ description: '仅显示这一次，请妥善保存' }), officeId: z.string(), role: z.enum(ROLES) })
  .openapi('NewToken')
const tokenListItem = z
  .object({ id: z.string(), memberId: z.string(), name: z.string(), role: z.enum(ROLES), prefix: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })
  .openapi('Token')

const memberOut = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
    tokens: z.array(z.object({ id: z.string(), prefix: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })),
  })
  .openapi('Member')
const memberChangedOut = z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) }).openapi('MemberChanged')
const issuedOut = z
  .object({ memberId: z.string(), tokenId: z.string(), token: z.string().openapi({ description: '仅显示这一次，请妥善保存' }), prefix: z.string() })
  .openapi('IssuedToken')

export type AdminContract = [Describes<z.ZodArray<typeof tokenListItem>, Awaited<ReturnType<typeof listTokens>>>, Describes<typeof tokenOut, Awaited<ReturnType<typeof createMemberToken>>>, Describes<z.ZodArray<typeof memberOut>, Awaited<ReturnType<typeof listMembers>>>, Describes<typeof memberChangedOut, Awaited<ReturnType<typeof updateMember>>>, Describes<typeof issuedOut, Awaited<ReturnType<typeof issueMemberToken>>>]

const routes = {
  offices: createRoute({ method: 'get', path: '/admin/offices', tags, security, responses: { 200: jsonOk(z.object({ items: z.array(officeOut) })), ...errorResponses } }),
  createOffice: createRoute({ method: 'post', path: '/admin/offices', tags, security, request: { body: jsonBody(officeInput) }, responses: { 201: jsonOk(officeOut, '已创建'), ...errorResponses } }),
  tokens: createRoute({ method: 'get', path: '/admin/tokens', tags, security, responses: { 200: jsonOk(z.object({ items: z.array(tokenListItem) })), ...errorResponses } }),
  createToken: createRoute({ method: 'post', path: '/admin/tokens', tags, security, summary: '创建成员及其访问令牌', request: { body: jsonBody(tokenInput) }, responses: { 201: jsonOk(tokenOut, '已创建'), ...errorResponses } }),
  members: createRoute({ method: 'get', path: '/admin/members', tags, security, summary: '本办公室的成员及其令牌', responses: { 200: jsonOk(z.object({ items: z.array(memberOut) })), ...errorResponses } }),
  updateMember: createRoute({ method: 'patch', path: '/admin/members/{id}', tags, security, summary: '修改成员的姓名或角色（办公室至少保留一名管理员）', request: { params: idParam, body: jsonBody(memberUpdateInput) }, responses: { 200: jsonOk(memberChangedOut, '已修改'), ...errorResponses } }),
  issueToken: createRoute({ method: 'post', path: '/admin/members/{id}/tokens', tags, security, summary: '为已有成员签发新令牌', request: { params: idParam }, responses: { 201: jsonOk(issuedOut, '已签发'), ...errorResponses } }),
  revokeToken: createRoute({ method: 'delete', path: '/admin/tokens/{id}', tags, security, summary: '吊销令牌', request: { params: idParam }, responses: { 204: { description: '已吊销' }, ...errorResponses } }),
}

export const adminRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.offices, async (c) => c.json({ items: await listOffices(c.var.ctx) }, 200))
  .openapi(routes.createOffice, async (c) => c.json(await createOffice(c.var.ctx, await c.req.json()), 201))
  .openapi(routes.tokens, async (c) => c.json({ items: await listTokens(c.var.ctx) }, 200))
  .openapi(routes.createToken, async (c) => c.json(await createMemberToken(c.var.ctx, await c.req.json()), 201))
  .openapi(routes.members, async (c) => c.json({ items: await listMembers(c.var.ctx) }, 200))
  .openapi(routes.updateMember, async (c) => c.json(await updateMember(c.var.ctx, c.req.param('id'), await c.req.json()), 200))
  .openapi(routes.issueToken, async (c) => c.json(await issueMemberToken(c.var.ctx, c.req.param('id')), 201))
  .openapi(routes.revokeToken, async (c) => {
    await revokeToken(c.var.ctx, c.req.param('id'))
    return c.body(null, 204)
  })
