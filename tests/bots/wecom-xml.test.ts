import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/core/errors'
import { MAX_XML_CHARS, parseEnvelope, parseMessage, parseXml, passiveReplyXml, textReplyXml } from '../../src/bots/wecom/xml'

function refused(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('expected a refusal')
}

// The envelope of sbzhu/weworkapi_python callback/Sample.py (16e0b05): newlines between elements, CDATA.
const SAMPLE_ENVELOPE =
  '<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n<Encrypt><![CDATA[Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8Nsl]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID>\n</xml>'

// A template_card_event as WeCom's 模板卡片事件推送 documents it (SelectedItems of a 投票/多选 card).
const CARD_EVENT = `<xml><ToUserName><![CDATA[ww00test0corp0id1]]></ToUserName><FromUserName><![CDATA[LiShen]]></FromUserName><CreateTime>1767225600</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[wf@approve@drf_abc@0123abcd]]></EventKey><TaskId><![CDATA[wf@drf_abc@mk1]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[rc-123]]></ResponseCode><AgentID>1000002</AgentID><SelectedItems><SelectedItem><QuestionKey><![CDATA[q1]]></QuestionKey><OptionIds><OptionId><![CDATA[o1]]></OptionId><OptionId><![CDATA[o2]]></OptionId></OptionIds></SelectedItem></SelectedItems></xml>`

describe('WeCom XML: what WeCom sends', () => {
  it('reads the sample envelope: Encrypt, ToUserName, AgentID', () => {
    expect(parseEnvelope(SAMPLE_ENVELOPE)).toEqual({ encrypt: 'Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8Nsl', toUserName: 'ww1436e0e65a779aee', agentId: '1000002' })
  })

  it('reads a text message with plain values (the Python sample) and with CDATA (the Go sample)', () => {
    const py = parseMessage(
      '<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>',
    )
    expect(py).toEqual({ kind: 'text', toUserName: 'ww1436e0e65a779aee', fromUserName: 'ChenJiaShun', createTime: 1476422779, msgId: '1456453720', content: '你好', agentId: '1000002' })
    const go = parseMessage(
      '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>',
    )
    expect(go).toMatchObject({ kind: 'text', fromUserName: 'mycreate', content: 'hello', msgId: '4561255354251345929', agentId: '218' })
  })

  it('keeps a command’s full-width spaces and line breaks inside Content as typed', () => {
    const m = parseMessage('<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content><![CDATA[起草　通知　安全生产\n第二行]]></Content><MsgId>9</MsgId></xml>')
    expect(m.kind === 'text' && m.content).toBe('起草　通知　安全生产\n第二行')
  })

  it('reads a template_card_event: key, task, card type, response code, selected items', () => {
    expect(parseMessage(CARD_EVENT)).toEqual({
      kind: 'template_card_event',
      toUserName: 'ww00test0corp0id1',
      fromUserName: 'LiShen',
      createTime: 1767225600,
      agentId: '1000002',
      eventKey: 'wf@approve@drf_abc@0123abcd',
      taskId: 'wf@drf_abc@mk1',
      cardType: 'button_interaction',
      responseCode: 'rc-123',
      selectedItems: [{ questionKey: 'q1', optionIds: ['o1', 'o2'] }],
    })
  })

  it('names other messages and events without failing on them', () => {
    const enter = parseMessage('<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>5</CreateTime><MsgType>event</MsgType><Event>enter_agent</Event><EventKey/><AgentID>1</AgentID></xml>')
    expect(enter).toMatchObject({ kind: 'other', msgType: 'event', event: 'enter_agent' })
    const image = parseMessage('<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>5</CreateTime><MsgType>image</MsgType><PicUrl>http://x</PicUrl><MsgId>77</MsgId></xml>')
    expect(image).toMatchObject({ kind: 'other', msgType: 'image', msgId: '77' })
  })

  it('decodes the five predefined entities and character references as text, never as markup', () => {
    const root = parseXml('<xml><Content>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#25991;&#x8F85; &apos;</Content></xml>')
    expect(root.children[0]!.text).toBe(`<script>alert("x")</script> & 文辅 '`)
  })
})

describe('WeCom XML: hostile and broken input is refused clearly', () => {
  const wrap = (inner: string) => `<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>5</CreateTime><MsgType>text</MsgType>${inner}</xml>`

  it('refuses a DOCTYPE with entity declarations (entity expansion, external entities)', () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>'
    const xxe = '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>'
    for (const doc of [laughs, xxe]) {
      const err = refused(() => parseXml(doc))
      expect(err.code).toBe('VALIDATION')
      expect(err.message).toContain('DOCTYPE')
    }
  })

  it('refuses undeclared entities, a bare ampersand, comments, processing instructions and attributes', () => {
    expect(refused(() => parseXml('<xml><Content>&xxe;</Content></xml>')).message).toContain('不支持的实体')
    expect(refused(() => parseXml('<xml><Content>A & B</Content></xml>')).message).toContain('&')
    expect(refused(() => parseXml('<xml><!-- hi --><Content>x</Content></xml>')).code).toBe('VALIDATION')
    expect(refused(() => parseXml('<xml><?php echo 1 ?><Content>x</Content></xml>')).code).toBe('VALIDATION')
    expect(refused(() => parseXml('<xml><Content type="x">y</Content></xml>')).message).toContain('属性')
  })

  it('refuses mismatched or unclosed tags, unclosed CDATA, trailing content, empty input', () => {
    for (const doc of ['<xml><Content>x</Msg></xml>', '<xml><Content>x', '<xml><Content><![CDATA[x</Content></xml>', '<xml></xml><xml></xml>', '', 'plain text']) {
      expect(refused(() => parseXml(doc)).code).toBe('VALIDATION')
    }
  })

  it('refuses deep nesting and too many elements', () => {
    expect(refused(() => parseXml('<a>'.repeat(20) + '</a>'.repeat(20))).message).toContain('嵌套')
    expect(refused(() => parseXml(`<xml>${'<i>1</i>'.repeat(1000)}</xml>`)).message).toContain('元素过多')
  })

  it('refuses a body over the size limit before reading it', () => {
    const err = refused(() => parseXml(`<xml><Content>${'字'.repeat(MAX_XML_CHARS)}</Content></xml>`))
    expect(err.code).toBe('PAYLOAD_TOO_LARGE')
    expect(err.message).toContain('过大')
  })

  it('names the missing field: Encrypt, MsgId, Content, CreateTime, ToUserName', () => {
    expect(refused(() => parseEnvelope('<xml><ToUserName>c</ToUserName></xml>')).message).toContain('Encrypt')
    expect(refused(() => parseMessage(wrap('<Content>x</Content>'))).message).toContain('MsgId')
    expect(refused(() => parseMessage(wrap('<MsgId>1</MsgId>'))).message).toContain('Content')
    expect(refused(() => parseMessage('<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><MsgType>text</MsgType></xml>')).message).toContain('CreateTime')
    expect(refused(() => parseMessage('<xml><FromUserName>u</FromUserName><CreateTime>5</CreateTime><MsgType>text</MsgType></xml>')).message).toContain('ToUserName')
    expect(refused(() => parseMessage(CARD_EVENT.replace(/<EventKey>.*?<\/EventKey>/, ''))).message).toContain('EventKey')
  })

  it('refuses a root other than <xml> and a CreateTime that is not a timestamp', () => {
    expect(refused(() => parseEnvelope('<root><Encrypt>x</Encrypt></root>')).message).toContain('<xml>')
    expect(refused(() => parseMessage(wrap('<MsgId>1</MsgId><Content>x</Content>').replace('<CreateTime>5', '<CreateTime>soon'))).message).toContain('CreateTime')
  })
})

describe('WeCom XML: what we send back', () => {
  it('a text reply keeps any content, "]]>" included, and reads back as the same message', () => {
    const content = '审校结果：\n必改 1 处 ]]> <b>不是标签</b> & 完'
    const xml = textReplyXml({ toUser: 'LiShen', corpId: 'ww00test0corp0id1', createTime: 1767225600, content })
    const root = parseXml(xml)
    expect(root.children.map((c) => c.name)).toEqual(['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Content'])
    expect(root.children.find((c) => c.name === 'Content')!.text).toBe(content)
    expect(root.children.find((c) => c.name === 'MsgType')!.text).toBe('text')
  })

  it('the passive reply carries Encrypt, MsgSignature, TimeStamp and Nonce', () => {
    const root = parseXml(passiveReplyXml({ encrypt: 'abc+/=', signature: 'f'.repeat(40), timestamp: '1767225600', nonce: '1234567890' }))
    expect(Object.fromEntries(root.children.map((c) => [c.name, c.text]))).toEqual({ Encrypt: 'abc+/=', MsgSignature: 'f'.repeat(40), TimeStamp: '1767225600', Nonce: '1234567890' })
  })
})
