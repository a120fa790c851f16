/** 错别字: the confusion lexicon, context rules for 易混词, 异形词, 繁体字, and the 音近/形近 model. */
import { CONFUSIONS, TRADITIONAL, VARIANTS, type ConfusionEntry } from '../typo-lexicon'
import type { CheckDoc, Hit, Rule } from '../types'
import { defineRule, occurrences, scan, SRC } from './define'

const typo = (meta: Omit<Parameters<typeof defineRule>[0], 'category'>, check: Rule['check']) =>
  defineRule({ ...meta, category: 'typos' }, check)

/** Where the office's own vocabulary stands in the text — leaders' names and posts, the current names of
 * renamed organisations, the labels and items of its 规范提法, the right forms of its confusables: the
 * model's guesses never fall on them (an office's 提法 such as “四议两公开” is not a typo of 一). */
function officeTerms(doc: CheckDoc): [number, number][] {
  const { leaders, renamedOrgs, formulations, confusables } = doc.lexicons
  const terms = [
    ...leaders.flatMap((l) => [l.name, l.post]),
    ...renamedOrgs.map((o) => o.newName),
    ...formulations.flatMap((f) => [f.label, ...f.items]),
    ...confusables.map((c) => c.right),
  ]
  const spans: [number, number][] = []
  for (const term of new Set(terms)) for (const at of occurrences(doc.text, term)) spans.push([at, at + term.length])
  return spans
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Entries by the code of their first character: one array read per position beats a 250-way regex
 * alternation, and a Map keyed by one-character strings (a string per position). */
let confusionIndex: (ConfusionEntry[] | undefined)[] | undefined
function confusions(): (ConfusionEntry[] | undefined)[] {
  if (!confusionIndex) {
    confusionIndex = new Array(0x10000)
    for (const e of [...CONFUSIONS].sort((a, b) => b.wrong.length - a.wrong.length)) {
      const code = e.wrong.charCodeAt(0)
      ;(confusionIndex[code] ??= []).push(e)
    }
  }
  return confusionIndex
}

let variantIndex: { re: RegExp; map: Map<string, string> } | undefined
function variants() {
  if (!variantIndex) {
    const map = new Map(VARIANTS)
    variantIndex = { re: new RegExp([...map.keys()].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g'), map }
  }
  return variantIndex
}

const traditionalMap = new Map<string, string>()
for (let i = 0; i + 1 < TRADITIONAL.length; i += 2) traditionalMap.set(TRADITIONAL[i]!, TRADITIONAL[i + 1]!)
const TRADITIONAL_RE = new RegExp(`[${[...traditionalMap.keys()].join('')}]+`, 'g')

const TIME_AFTER = '(?:\\d{4}年|\\d{1,2}月|\\d{1,2}日|目前|当前|现在|今年|去年|上年|本年|明年|年底|年末|月底|月末|上半年|本月|上月|今天|昨天|[一二三四五六七八九十]{1,2}月)'
const MUST_VERBS =
  '坚持|加强|做好|进一步|推进|落实|严格|切实|认真|建立|完善|抓好|把|全面|遵守|服从|依法|按照|高度|始终|牢牢|深刻|着力|强化|提高|注重|确保|坚决|经过|经|由|在|有|要|保持|履行|执行|符合|具备|纳入|报经|报'
const LEISURE = '时光|假期|春节|节日|一生|晚年|童年|岁月|周末|寒假|暑假|假日|余生|青春|一年|一天|难忘的'
const ADVERBS = '认真|切实|积极|扎实|稳步|深入|全面|大力|有序|不断|持续|逐步|主动|广泛|充分|坚决|严格|有效|稳妥|精准|高效|依法|集中|统筹'
const ACTIONS = '推进|开展|落实|加强|推动|实施|做好|抓好|贯彻|执行|整改|部署|解决|提高|提升|化解|处置|应对|改进|完成'

export const typoRules: Rule[] = [
  typo(
    {
      id: 'typos.lexicon',
      level: 'must-fix',
      source: `${SRC.dictionary}；文辅易错词表`,
      title: '易错词（音近、形近）',
      description: '收录公文中常见、且在任何上下文中都不成立的错误写法，如“布署”“签定”“再接再励”“宏扬”“提拨”。',
    },
    (doc) => {
      const index = confusions()
      const text = doc.text
      const out: Hit[] = []
      for (let i = 0; i < text.length; i++) {
        const list = index[text.charCodeAt(i)]
        if (!list) continue
        const e = list.find((x) => text.startsWith(x.wrong, i))
        if (!e) continue
        const end = i + e.wrong.length
        if ((e.notAfter && e.notAfter.includes(text[i - 1] ?? '')) || (e.notBefore && e.notBefore.includes(text[end] ?? ''))) continue
        out.push({ start: i, end, message: `“${e.wrong}”应为“${e.right}”`, suggestion: e.right })
        i = end - 1
      }
      return out
    },
  ),
  typo(
    {
      id: 'typos.variant',
      level: 'suspect',
      source: `${SRC.yixingci}；《通用规范汉字表》`,
      title: '异形词用推荐词形',
      description: '如“惟一”用“唯一”，“成份”用“成分”，“帐户”用“账户”。',
    },
    (doc) => {
      const { re, map } = variants()
      return scan(doc.text, re, (m) => ({ start: m.index, end: m.index + m[0].length, message: `“${m[0]}”宜用推荐词形“${map.get(m[0])}”`, suggestion: map.get(m[0])! }))
    },
  ),
  typo(
    {
      id: 'typos.traditional',
      level: 'suspect',
      source: '《中华人民共和国国家通用语言文字法》第十七条；《通用规范汉字表》',
      title: '简体文稿中的繁体字',
      description: '简体中文文稿中出现“們”“國”“會”等繁体字（引用繁体原文的除外）。',
    },
    (doc) =>
      scan(doc.text, TRADITIONAL_RE, (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: `“${m[0]}”是繁体字`,
        suggestion: [...m[0]].map((c) => traditionalMap.get(c) ?? c).join(''),
      })),
  ),
  typo(
    {
      id: 'typos.context.jiezhi',
      level: 'must-fix',
      source: `${SRC.dictionary}“截至”“截止”条`,
      title: '“截至”后接时间，“截止”不接时间',
      description: '“截止2024年底”“截止到目前”应为“截至2024年底”“截至目前”；“截止”用于时间之后（“报名于3月5日截止”）。',
    },
    (doc) =>
      scan(doc.text, new RegExp(`截止(?:到)?(?=\\s*${TIME_AFTER})`, 'g'), (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: `表示“到某时为止”，后接时间应用“截至”`,
        suggestion: '截至',
      })),
  ),
  typo(
    {
      id: 'typos.context.jiezhi-dao',
      level: 'must-fix',
      source: `${SRC.dictionary}“截至”条（“至”即“到”）`,
      title: '“截至到”语义重复',
      description: '“截至到”中“至”与“到”重复，应为“截至”。',
    },
    (doc) => scan(doc.text, /截至到/g, (m) => ({ start: m.index, end: m.index + 3, message: '“截至到”语义重复', suggestion: '截至' })),
  ),
  typo(
    {
      id: 'typos.context.bixu',
      level: 'must-fix',
      source: `${SRC.dictionary}“必须”“必需”条`,
      title: '“必须”作副词修饰动作',
      description: '“必需坚持”“必需加强”应为“必须”：“必需”是“必不可少的”，不修饰动词。',
    },
    (doc) =>
      scan(doc.text, new RegExp(`必需(?=${MUST_VERBS})`, 'g'), (m) => ({ start: m.index, end: m.index + 2, message: '修饰动作用“必须”', suggestion: '必须' })),
  ),
  typo(
    {
      id: 'typos.context.bixu-pin',
      level: 'must-fix',
      source: `${SRC.dictionary}“必需品”条`,
      title: '“必需品”不写“必须品”',
      description: '“生活必须品”应为“生活必需品”。',
    },
    (doc) => scan(doc.text, /必须品/g, (m) => ({ start: m.index, end: m.index + 2, message: '“必须品”应为“必需品”', suggestion: '必需' })),
  ),
  typo(
    {
      id: 'typos.context.duguo-time',
      level: 'must-fix',
      source: `${SRC.dictionary}“度过”“渡过”条`,
      title: '过时间用“度过”',
      description: '“渡过春节”“渡过晚年”应为“度过”：“度”用于时间，“渡”用于水面和难关。',
    },
    (doc) =>
      scan(doc.text, new RegExp(`渡过(?=[^，。；\\n]{0,8}?(?:${LEISURE}))`, 'g'), (m) => ({ start: m.index, end: m.index + 2, message: '用于时间应为“度过”', suggestion: '度过' })),
  ),
  typo(
    {
      id: 'typos.context.duguo-difficulty',
      level: 'must-fix',
      source: `${SRC.dictionary}“渡过”条`,
      title: '过难关用“渡过”',
      description: '“度过难关”“度过危机”应为“渡过”。',
    },
    (doc) =>
      scan(doc.text, /度过(?=难关|危机|险关|险滩|困难时期)/g, (m) => ({ start: m.index, end: m.index + 2, message: '用于难关、危机应为“渡过”', suggestion: '渡过' })),
  ),
  typo(
    {
      id: 'typos.context.ziji',
      level: 'must-fix',
      source: `${SRC.dictionary}“自己”条`,
      title: '“自己”不写“自已”',
      description: '代词“自己”的“己”（jǐ）常被误写为“已”（yǐ）。',
    },
    (doc) => [
      ...scan(doc.text, /(?:我们|他们|你们|她们|为|对|把|给|靠|向|让|使|从|以|于|严于律|克)(自已)/dg, (m) => {
        const start = m.indices![1]![0]
        return { start, end: start + 2, message: '“自已”应为“自己”', suggestion: '自己' }
      }),
      ...scan(doc.text, /(?<!(?:我们|他们|你们|她们|[为对把给靠向让使从以于克]))自已(?=[，。；、的和与！？]|$)/gm, (m) => ({
        start: m.index,
        end: m.index + 2,
        message: '“自已”应为“自己”',
        suggestion: '自己',
      })),
    ],
  ),
  typo(
    {
      id: 'typos.context.de-adverb',
      level: 'hint',
      source: `${SRC.dictionary}“地”条（状语后用“地”）`,
      title: '状语后用“地”',
      description: '“认真的落实”“扎实的推进”中修饰动词的“的”一般用“地”。',
    },
    (doc) =>
      scan(doc.text, new RegExp(`(?<=${ADVERBS})的(?=${ACTIONS})`, 'g'), (m) => ({ start: m.index, end: m.index + 1, message: '修饰动词的状语后一般用“地”', suggestion: '地' })),
  ),
  typo(
    {
      id: 'typos.model',
      level: 'suspect',
      source: '文辅错别字模型（音近、形近字替换后读成常用词）',
      title: '疑似错别字',
      description: '某处不成词、且把一个字换成读音相同或字形相近的字后成为常用词，如“持旭推进”→“持续推进”。只作提示，由人判断；本办公室词库里的人名、职务、机构名和规范提法不报。',
      needsModel: true,
    },
    // the model runs in the checker Worker (workers/checker), at the threshold of doc.typoSensitivity
    (doc) => {
      const own = officeTerms(doc)
      return (doc.model?.suspects ?? [])
        .filter((h) => !own.some(([start, end]) => h.start < end && start < h.end))
        .map((h) => ({
          start: h.start,
          end: h.end,
          // a guess, not a certain fix: no suggestion; the corrections the model scores above its
          // threshold are the choices a person makes, best first
          message: `疑似错别字：“${h.wrong}”是否应为“${h.right}”？`,
          candidates: h.candidates.length ? h.candidates.map((c) => c.right) : [h.right],
        }))
    },
  ),
]
