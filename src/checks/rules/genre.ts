/** 文种与行文: 《党政机关公文处理工作条例》 第八条、第十五条 and the closing formulas of each genre. */
import type { CheckDoc, Hit, Rule } from '../types'
import { defineRule, scan, SRC } from './define'

const genre = (meta: Omit<Parameters<typeof defineRule>[0], 'category'>, check: Rule['check']) =>
  defineRule({ ...meta, category: 'genre' }, check)

const UPWARD = new Set(['请示', '报告'])

/** The request formulas that close a 请示 (and only a 请示). */
const REQUEST_FORMULA = /(?:妥否|当否|可否|是否妥当|是否可行|以上请示如无不妥)[，,]?\s*请(?:批示|指示|示下|审批|批复|批准)|请予(?:批复|审批|批准)|请批示|特此请示/g

/** Closing formulas and the genres they belong to. */
const CLOSINGS: { re: RegExp; genres: string[]; text: string }[] = [
  { re: /特此通知/g, genres: ['通知'], text: '特此通知' },
  { re: /特此报告/g, genres: ['报告'], text: '特此报告' },
  { re: /特此通报/g, genres: ['通报', '督查通报'], text: '特此通报' },
  { re: /特此函(?:告|复|达)|请(?:研究)?函复/g, genres: ['函'], text: '特此函告' },
  { re: /此复[。]?\s*$/gm, genres: ['批复', '函'], text: '此复' },
  { re: /特此公告/g, genres: ['公告'], text: '特此公告' },
  { re: /特此通告/g, genres: ['通告'], text: '特此通告' },
]

const EXPECTED_CLOSING: Record<string, RegExp> = {
  请示: /(?:妥否|当否|可否|是否妥当|是否可行)[，,]?\s*请(?:批示|指示|示下|审批|批复)|请予(?:批复|审批|批准)|请批示/,
  报告: /特此报告|专此报告|以上报告|请审阅|请审示/,
  批复: /此复|特此批复/,
}

/** Organs in a 主送 line or field: split on 顿号 and 逗号. */
function recipients(doc: CheckDoc): { names: string[]; hit?: Hit } {
  if (doc.fields.recipients?.length) return { names: doc.fields.recipients }
  const l = doc.recipientLine
  if (!l) return { names: [] }
  const names = l.text
    .replace(/[：:]$/, '')
    .split(/[、，,；;]/)
    .map((s) => s.trim())
    .filter(Boolean)
  return { names, hit: { start: l.start, end: l.end, message: '' } }
}

const TITLE_OF_PERSON = /(?:书记|副书记|区长|副区长|市长|县长|主任|部长|局长|秘书长|常委|同志)$/

export const genreRules: Rule[] = [
  genre(
    {
      id: 'genre.request.one-matter',
      level: 'suspect',
      source: `${SRC.tiaoli} 第十五条（四）“请示应当一文一事”`,
      title: '请示一文一事',
      description: '一份请示中出现两处以上的请求语（“妥否，请批示”等），可能一文多事。',
    },
    (doc) => {
      if (doc.genre !== '请示') return []
      const hits = scan(doc.text, REQUEST_FORMULA, (m) => ({ start: m.index, end: m.index + m[0].length, message: '' }))
      if (hits.length < 2) return []
      return hits.slice(1).map((h) => ({ ...h, message: '请示中出现多处请求语：请示应当一文一事' }))
    },
  ),
  genre(
    {
      id: 'genre.report.carries-request',
      level: 'must-fix',
      source: `${SRC.tiaoli} 第十五条（四）“不得在报告等非请示性公文中夹带请示事项”`,
      title: '报告等非请示性公文不得夹带请示事项',
      description: '报告、通知、函等公文中出现“妥否，请批示”“请予批复”等请求语。',
    },
    (doc) => {
      if (!doc.genre || doc.genre === '请示' || doc.genre === '函') return []
      return scan(doc.text, REQUEST_FORMULA, (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: `${doc.genre}中不得夹带请示事项（“${m[0]}”）：请示事项应另行请示`,
      }))
    },
  ),
  genre(
    {
      id: 'genre.request.report-hybrid',
      level: 'must-fix',
      source: `${SRC.tiaoli} 第八条（十五种文种中无“请示报告”）`,
      title: '“请示报告”不是文种',
      description: '标题以“请示报告”结尾：请示与报告是两个文种，应按内容选用其一。',
    },
    (doc) => {
      const t = doc.title ?? (doc.fields.title ? { start: 0, end: doc.fields.title.length, text: doc.fields.title } : undefined)
      const m = t && /(请示报告|报告请示)[。]?$/.exec(t.text)
      if (!t || !m) return []
      const start = t.start + m.index
      return [{ start, end: start + m[1]!.length, message: '“请示报告”不是法定文种：请求批准用“请示”，汇报工作用“报告”', ...(doc.title ? {} : { field: 'title' as const }) }]
    },
  ),
  genre(
    {
      id: 'genre.upward.multiple-recipients',
      level: 'must-fix',
      source: `${SRC.tiaoli} 第十五条（一）“原则上主送一个上级机关”`,
      title: '上行文不多头主送',
      description: '请示、报告原则上只主送一个上级机关，其他机关可抄送。',
    },
    (doc) => {
      if (!doc.genre || !UPWARD.has(doc.genre)) return []
      const r = recipients(doc)
      if (r.names.length < 2) return []
      const at = r.hit ?? { start: 0, end: 0 }
      return [{ start: at.start, end: at.end, message: `${doc.genre}主送了${r.names.length}个机关：上行文原则上只主送一个上级机关，其余可抄送` }]
    },
  ),
  genre(
    {
      id: 'genre.upward.to-person',
      level: 'suspect',
      source: `${SRC.tiaoli} 第十五条（五）`,
      title: '上行文不直接报送领导个人',
      description: '除上级机关负责人直接交办的事项外，不得以本机关名义向上级机关负责人报送公文。',
    },
    (doc) => {
      if (!doc.genre || !UPWARD.has(doc.genre)) return []
      const r = recipients(doc)
      const person = r.names.find((n) => TITLE_OF_PERSON.test(n))
      if (!person) return []
      const at = r.hit ?? { start: 0, end: 0 }
      return [{ start: at.start, end: at.end, message: `主送“${person}”：上行文应主送机关，不报送领导个人（直接交办的事项除外）` }]
    },
  ),
  genre(
    {
      id: 'genre.upward.signer',
      level: 'hint',
      source: `${SRC.tiaoli} 第九条（六）“上行文应当标注签发人姓名”`,
      title: '上行文标注签发人',
      description: '请示、报告等上行文应当标注签发人姓名。',
    },
    (doc) => {
      if (!doc.genre || !UPWARD.has(doc.genre) || doc.fields.signer || /签发人\s*[：:]/.test(doc.text)) return []
      if (!doc.title && !doc.fields.docNumber) return []
      const at = doc.title ?? { start: 0, end: 0 }
      return [{ start: at.start, end: at.end, message: `${doc.genre}是上行文，应标注签发人` }]
    },
  ),
  genre(
    {
      id: 'genre.closing.mismatch',
      level: 'suspect',
      source: `${SRC.tiaoli} 第八条（各文种的适用范围）；公文写作通行规范`,
      title: '结束语与文种不符',
      description: '结束语属于另一文种，如通知末尾写“特此报告”、报告末尾写“特此通知”。',
    },
    (doc) => {
      if (!doc.genre) return []
      const g = doc.genre
      const out: Hit[] = []
      for (const c of CLOSINGS) {
        if (c.genres.includes(g)) continue
        if (g === '督查通报' && c.text === '特此通报') continue
        out.push(
          ...scan(doc.text, c.re, (m) => ({ start: m.index, end: m.index + m[0].trimEnd().length, message: `“${m[0].trim()}”是${c.genres.join('、')}的结束语，与本文文种“${g}”不符` })),
        )
      }
      return out
    },
  ),
  genre(
    {
      id: 'genre.closing.missing',
      level: 'hint',
      source: '公文写作通行规范',
      title: '缺少惯用结束语',
      description: '请示一般以“妥否，请批示”等请求语结尾，报告一般以“特此报告”结尾，批复一般以“此复”结尾。',
    },
    (doc) => {
      const re = doc.genre ? EXPECTED_CLOSING[doc.genre] : undefined
      if (!re || re.test(doc.text) || doc.text.trim().length < 60) return []
      const end = doc.signDateLine?.start ?? doc.text.trimEnd().length
      const tail = doc.text.slice(0, end).trimEnd()
      return [{ start: Math.max(0, tail.length - 1), end: tail.length, message: `${doc.genre}一般应有惯用结束语` }]
    },
  ),
  genre(
    {
      id: 'genre.honorific.gui-full-name',
      level: 'suspect',
      source: '公文写作通行规范（“贵”与机关简称连用）',
      title: '“贵”后不接机关全称',
      description: '敬称“贵”与机关简称连用（贵局、贵委），不与全称连用（“贵区发展和改革委员会”）。',
    },
    (doc) =>
      scan(
        doc.text,
        /贵(?![州阳港溪定德南池宾重金族在宾])([\u4e00-\u9fff]{2,12}?(?:委员会|管理局|办公室|局|厅|院|中心))/g,
        (m) => ({ start: m.index, end: m.index + m[0].length, message: `“${m[0]}”：敬称“贵”应与机关简称连用，如“贵局”“贵委”` }),
      ),
  ),
  genre(
    {
      id: 'genre.honorific.mixed',
      level: 'suspect',
      source: '公文写作通行规范（称谓前后一致）',
      title: '对同一机关“贵”“你”混用',
      description: '同一文中既称“贵局”又称“你局”。',
    },
    (doc) => {
      const gui = new Map<string, number>()
      for (const m of doc.text.matchAll(/贵(局|委|厅|部|办|院|处|室|校|司|所|中心|单位|公司)/g)) if (!gui.has(m[1]!)) gui.set(m[1]!, m.index)
      return scan(doc.text, /你(局|委|厅|部|办|院|处|室|校|司|所|中心|单位|公司)/g, (m) =>
        gui.has(m[1]!) ? { start: m.index, end: m.index + m[0].length, message: `前文称“贵${m[1]}”，此处称“${m[0]}”：称谓应前后一致` } : undefined,
      )
    },
  ),
  genre(
    {
      id: 'genre.honorific.upward-ni',
      level: 'suspect',
      source: '公文写作通行规范（上行文称谓）',
      title: '上行文不称“你局”',
      description: '请示、报告是写给上级机关的，不用“你局”“你委”等称谓。',
    },
    (doc) => {
      if (!doc.genre || !UPWARD.has(doc.genre)) return []
      return scan(doc.text, /你(局|委|厅|部|办|院|处|室)/g, (m) => ({ start: m.index, end: m.index + m[0].length, message: `上行文中不宜称“${m[0]}”` }))
    },
  ),
  genre(
    {
      id: 'genre.internal-unit',
      level: 'hint',
      source: `${SRC.tiaoli} 第十七条“部门内设机构除办公厅（室）外不得对外正式行文”`,
      title: '内设机构不对外正式行文',
      description: '发文机关是科、股等内设机构时，不得对外正式行文。',
    },
    (doc) => {
      const issuer = doc.fields.issuer
      if (!issuer || !/(?:科|股)$/.test(issuer) || /办公(?:厅|室)$/.test(issuer)) return []
      return [{ start: 0, end: issuer.length, field: 'issuer', message: `发文机关“${issuer}”是内设机构，不得对外正式行文` }]
    },
  ),
  genre(
    {
      id: 'genre.reply.without-request',
      level: 'hint',
      source: `${SRC.tiaoli} 第八条（十二）“批复适用于答复下级机关请示事项”`,
      title: '批复应引述来文',
      description: '批复开头一般引述下级机关的请示（“你单位《关于……的请示》（……）收悉”）。',
    },
    (doc) => {
      if (doc.genre !== '批复' || /收悉/.test(doc.text) || doc.text.trim().length < 40) return []
      const at = doc.title ?? { start: 0, end: 0 }
      return [{ start: at.start, end: at.end, message: '批复一般应先引述来文（“……的请示收悉”）' }]
    },
  ),
]
