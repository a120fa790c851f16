/** The WeCom (企业微信) self-built app adapter: its callback routes and its outbound sender. */
export { wecomRoutes, WECOM_MOUNT, WECOM_CALLBACK_PATH, type WecomRouteOptions } from './routes'
export { wecomSender, updateTemplateCard, sendToMember, WecomApiError } from './api'
export { decidedCard } from './render'
