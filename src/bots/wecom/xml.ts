/**
 * WeCom's callback XML: the envelope (`<Encrypt>`), the decrypted messages Wenfu acts on (text, and
 * the template_card_event of a 按钮交互型 card) and the encrypted passive reply.
 *
 * Workers have no DOMParser, and WeCom's XML is a fixed, shallow format of elements with CDATA or
 * plain text and no attributes, so a small strict reader is enough — and safer than a general parser:
 * no DOCTYPE, no entity declarations (so no entity expansion), no comments or processing instructions,
 * only the five predefined entities and numeric character references, bounded size, depth and count.
 * Anything else is refused with a clear message rather than guessed at.
 */
import { AppError } from '../../core/errors'

/** A callback body is a few kilobytes; WeCom's text message itself is at most 2048 bytes. */
export const MAX_XML_CHARS = 64 * 1024
const MAX_DEPTH = 6
const MAX_NODES = 400

export interface XmlNode {
  name: string
  text: string
  children: XmlNode[]
}

const malformed = (why: string) => new AppError('VALIDATION', `企业微信消息的 XML 格式不正确：${why}`)

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

function decodeEntities(text: string): string {
  return text.replace(/&([^;&\s]{0,12});?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw malformed('出现未结束的“&”实体')
    if (name in ENTITIES) return ENTITIES[name]!
    const num = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name)
    if (num) {
      const cp = num[1] ? parseInt(num[1], 16) : Number(num[2])
      if (cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) return String.fromCodePoint(cp)
    }
    throw malformed(`不支持的实体“&${name.slice(0, 12)};”`)
  })
}

/** Parses one document of elements, text and CDATA; refuses everything else. */
export function parseXml(input: string): XmlNode {
  if (input.length > MAX_XML_CHARS) throw new AppError('PAYLOAD_TOO_LARGE', `企业微信消息过大（超过 ${MAX_XML_CHARS / 1024} KB），已拒绝`)
  let at = 0
  let nodes = 0
  const s = input.replace(/^\uFEFF/, '')
  const skipSpace = () => {
    while (at < s.length && /\s/.test(s[at]!)) at++
  }
  skipSpace()
  if (s.startsWith('<?xml', at)) {
    const end = s.indexOf('?>', at)
    if (end < 0) throw malformed('XML 声明未结束')
    at = end + 2
    skipSpace()
  }

  const readElement = (depth: number): XmlNode => {
    if (depth > MAX_DEPTH) throw malformed('嵌套层级过深')
    if (++nodes > MAX_NODES) throw malformed('元素过多')
    const open = /^<([A-Za-z_][\w.-]{0,63})\s*(\/?)>/.exec(s.slice(at, at + 80))
    if (!open) throw unsupported()
    const node: XmlNode = { name: open[1]!, text: '', children: [] }
    at += open[0].length
    if (open[2]) return node
    let text = ''
    for (;;) {
      if (at >= s.length) throw malformed(`元素 <${node.name}> 未结束`)
      if (s.startsWith('<![CDATA[', at)) {
        const end = s.indexOf(']]>', at + 9)
        if (end < 0) throw malformed('CDATA 未结束')
        text += s.slice(at + 9, end)
        at = end + 3
      } else if (s.startsWith('</', at)) {
        const close = /^<\/([A-Za-z_][\w.-]{0,63})\s*>/.exec(s.slice(at, at + 80))
        if (!close || close[1] !== node.name) throw malformed(`<${node.name}> 的结束标签不匹配`)
        at += close[0].length
        node.text = node.children.length ? text.trim() : text
        if (node.children.length && node.text) throw malformed(`<${node.name}> 中文字与子元素混排`)
        return node
      } else if (s[at] === '<') {
        if (s.startsWith('<!', at) || s.startsWith('<?', at)) throw unsupported()
        node.children.push(readElement(depth + 1))
      } else {
        const next = s.indexOf('<', at)
        const raw = s.slice(at, next < 0 ? s.length : next)
        text += decodeEntities(raw)
        at += raw.length
      }
    }
  }

  const root = readElement(1)
  skipSpace()
  if (at !== s.length) throw malformed('根元素之后还有多余内容')
  return root
}

function unsupported(): never {
  throw malformed('只接受企业微信的元素与 CDATA，不接受 DOCTYPE、实体声明、注释、处理指令或属性')
}

const child = (node: XmlNode, name: string) => node.children.find((c) => c.name === name)
const field = (node: XmlNode, name: string) => child(node, name)?.text.trim()

function required(node: XmlNode, name: string): string {
  const value = field(node, name)
  if (!value) throw new AppError('VALIDATION', `企业微信消息缺少字段 ${name}`)
  return value
}

export interface Envelope {
  encrypt: string
  toUserName?: string
  agentId?: string
}

/** The POST body WeCom sends: the ciphertext and who it is for. */
export function parseEnvelope(xml: string): Envelope {
  const root = parseXml(xml)
  if (root.name !== 'xml') throw malformed('根元素应为 <xml>')
  const toUserName = field(root, 'ToUserName')
  const agentId = field(root, 'AgentID')
  return { encrypt: required(root, 'Encrypt'), ...(toUserName ? { toUserName } : {}), ...(agentId ? { agentId } : {}) }
}

interface Common {
  toUserName: string
  fromUserName: string
  createTime: number
  agentId?: string
}

export interface SelectedItem {
  questionKey: string
  optionIds: string[]
}

export type InboundMessage =
  | (Common & { kind: 'text'; msgId: string; content: string })
  | (Common & { kind: 'template_card_event'; eventKey: string; taskId: string; cardType: string; responseCode?: string; selectedItems: SelectedItem[] })
  | (Common & { kind: 'other'; msgType: string; event?: string; msgId?: string })

/** A decrypted callback: the fields Wenfu needs, checked present. */
export function parseMessage(xml: string): InboundMessage {
  const root = parseXml(xml)
  if (root.name !== 'xml') throw malformed('根元素应为 <xml>')
  const createTime = Number(required(root, 'CreateTime'))
  if (!Number.isSafeInteger(createTime) || createTime <= 0) throw new AppError('VALIDATION', '企业微信消息的 CreateTime 不是有效的时间戳')
  const agentId = field(root, 'AgentID')
  const common: Common = { toUserName: required(root, 'ToUserName'), fromUserName: required(root, 'FromUserName'), createTime, ...(agentId ? { agentId } : {}) }
  const msgType = required(root, 'MsgType')
  if (msgType === 'text') {
    const content = child(root, 'Content')?.text
    if (content === undefined) throw new AppError('VALIDATION', '企业微信消息缺少字段 Content')
    return { ...common, kind: 'text', msgId: required(root, 'MsgId'), content }
  }
  const event = field(root, 'Event')
  if (msgType === 'event' && event === 'template_card_event') {
    const items = child(root, 'SelectedItems')?.children.filter((c) => c.name === 'SelectedItem') ?? []
    const responseCode = field(root, 'ResponseCode')
    return {
      ...common,
      kind: 'template_card_event',
      eventKey: required(root, 'EventKey'),
      taskId: required(root, 'TaskId'),
      cardType: required(root, 'CardType'),
      ...(responseCode ? { responseCode } : {}),
      selectedItems: items.map((item) => ({
        questionKey: field(item, 'QuestionKey') ?? '',
        optionIds: (child(item, 'OptionIds')?.children ?? []).filter((o) => o.name === 'OptionId').map((o) => o.text.trim()),
      })),
    }
  }
  const msgId = field(root, 'MsgId')
  return { ...common, kind: 'other', msgType, ...(event ? { event } : {}), ...(msgId ? { msgId } : {}) }
}

/** Text as one CDATA section; a "]]>" inside is split across two sections. */
const cdata = (text: string) => `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`

/** The plaintext of a passive text reply: to the member, from the corp. */
export function textReplyXml(r: { toUser: string; corpId: string; createTime: number; content: string }): string {
  return `<xml><ToUserName>${cdata(r.toUser)}</ToUserName><FromUserName>${cdata(r.corpId)}</FromUserName><CreateTime>${r.createTime}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(r.content)}</Content></xml>`
}

/** The encrypted passive reply WeCom reads from the callback's response. */
export function passiveReplyXml(r: { encrypt: string; signature: string; timestamp: string; nonce: string }): string {
  return `<xml><Encrypt>${cdata(r.encrypt)}</Encrypt><MsgSignature>${cdata(r.signature)}</MsgSignature><TimeStamp>${r.timestamp}</TimeStamp><Nonce>${cdata(r.nonce)}</Nonce></xml>`
}
