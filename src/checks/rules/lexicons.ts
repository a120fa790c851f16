/**
 * 办公室词库: 规范提法, leaders' names and posts, renamed organisations, sensitive and confusable
 * words — the office's own data (versioned in D1, see ../lexicons.ts), plus a few built-in entries.
 */
import type { CheckDoc, Hit, LeaderEntry, Rule } from '../types'
import { defineRule, occurrences, scan, SRC } from './define'

const lexicon = (meta: Omit<Parameters<typeof defineRule>[0], 'category'>, check: Rule['check']) =>
  defineRule({ ...meta, category: 'lexicons' }, check)

const activeOn = (date: string, from?: string, to?: string) => (!from || from <= date) && (!to || date <= to)

/** The span of text after a 提法's label that may enumerate its items: up to the end of the sentence. */
function enumerationAfter(text: string, at: number, items: string[]): string {
  const cap = Math.min(text.length, at + items.reduce((n, s) => n + s.length + 2, 0) + 40)
  const rest = text.slice(at, cap)
  const stop = rest.search(/[。；！？\n]/)
  return stop === -1 ? rest : rest.slice(0, stop)
}

function formulationFindings(doc: CheckDoc): { order: Hit[]; incomplete: Hit[] } {
  const order: Hit[] = []
  const incomplete: Hit[] = []
  for (const f of doc.lexicons.formulations) {
    if (f.items.length < 2) continue
    for (const at of occurrences(doc.text, f.label)) {
      const after = at + f.label.length
      const span = enumerationAfter(doc.text, after, f.items)
      const positions = f.items.map((item) => span.indexOf(item))
      const present = positions.filter((p) => p >= 0).length
      if (present === 0) continue
      const end = after + span.length
      if (present < f.items.length) {
        if (present < 2) continue // one item named near the label is a mention, not an enumeration
        const missing = f.items.filter((_, i) => positions[i]! < 0)
        incomplete.push({ start: at, end, message: `“${f.label}”的内容不完整，缺少：${missing.join('、')}` })
        continue
      }
      const sorted = [...positions].sort((a, b) => a - b)
      if (positions.some((p, i) => p !== sorted[i])) {
        order.push({ start: at, end, message: `“${f.label}”的表述顺序应为：${f.items.join('、')}` })
      }
    }
  }
  return { order, incomplete }
}

/** Posts that appear right before a name ("区委书记张三") or right after it ("张三书记"). */
function leaderFindings(doc: CheckDoc): { outdated: Hit[]; unknown: Hit[] } {
  const outdated: Hit[] = []
  const unknown: Hit[] = []
  const byName = new Map<string, LeaderEntry[]>()
  for (const e of doc.lexicons.leaders) byName.set(e.name, [...(byName.get(e.name) ?? []), e])
  const posts = [...new Set(doc.lexicons.leaders.map((e) => e.post))].sort((a, b) => b.length - a.length)
  if (posts.length === 0) return { outdated, unknown }
  for (const [name, terms] of byName) {
    const current = terms.filter((t) => activeOn(doc.date, t.validFrom, t.validTo)).map((t) => t.post)
    for (const at of occurrences(doc.text, name)) {
      const before = doc.text.slice(Math.max(0, at - 20), at)
      const post = posts.find((p) => before.endsWith(p))
      if (!post) continue
      const start = at - post.length
      if (current.includes(post)) continue
      const held = terms.some((t) => t.post === post)
      if (held) {
        outdated.push({
          start,
          end: start + post.length,
          message: current.length
            ? `${doc.date}时${name}的职务是“${current.join('、')}”，不是“${post}”`
            : `${doc.date}时${name}已不担任“${post}”`,
          // one post in force is the certain fix; several are choices for a person
          ...(current.length === 1 ? { suggestion: current[0] } : current.length ? { candidates: current } : {}),
        })
      } else if (current.length) {
        unknown.push({ start, end: start + post.length, message: `词库中${name}的职务是“${current.join('、')}”，此处写作“${post}”`, candidates: current })
      }
    }
  }
  return { outdated, unknown }
}

const XINHUA: [RegExp, string, string][] = [
  [/[“"]一带一路[”"]战略/g, '“一带一路”倡议', '“一带一路”不称“战略”，称“倡议”'],
  [/两岸三地/g, '', '不使用“两岸三地”，应具体表述为“内地与香港、澳门”“大陆与台湾”'],
  [/践行八荣八耻/g, '践行社会主义荣辱观', '“践行八荣八耻”应为“践行社会主义荣辱观”'],
  [/台湾总统/g, '台湾地区领导人', '应称“台湾地区领导人”'],
  [/台湾政府/g, '台湾当局', '应称“台湾当局”或“台湾方面”'],
  [/(?<!闽南)台语/g, '台湾闽南语', '“台语”应为“台湾闽南语”'],
  [/中港(?:两地|合作|关系)/g, '', '不使用“中港”，应为“内地与香港”'],
  [/中澳(?=两地|合作|关系)(?![大利])/g, '', '不使用“中澳”指内地与澳门，应为“内地与澳门”'],
]

export const lexiconRules: Rule[] = [
  lexicon(
    {
      id: 'lexicons.formulation.variant',
      level: 'must-fix',
      source: `${SRC.lexicon}：规范提法`,
      title: '规范提法的错误写法',
      description: '词库中登记为错误或过时的提法写法（如“习近平思想”），改用规范提法。',
    },
    (doc) =>
      doc.lexicons.formulations.flatMap((f) =>
        (f.variants ?? []).flatMap((v) =>
          [...occurrences(doc.text, v)].map((at) => ({ start: at, end: at + v.length, message: `“${v}”不是规范提法，应为“${f.label}”${f.note ? `（${f.note}）` : ''}`, suggestion: f.label })),
        ),
      ),
  ),
  lexicon(
    {
      id: 'lexicons.formulation.order',
      level: 'must-fix',
      source: `${SRC.lexicon}：规范提法`,
      title: '规范提法的顺序',
      description: '提法的各项内容齐全但顺序与词库不同（如“四个自信”应依次为道路自信、理论自信、制度自信、文化自信）。',
    },
    (doc) => formulationFindings(doc).order,
  ),
  lexicon(
    {
      id: 'lexicons.formulation.incomplete',
      level: 'suspect',
      source: `${SRC.lexicon}：规范提法`,
      title: '规范提法的内容不完整',
      description: '列举提法的内容时少了某几项（或某项写法与词库不同）。',
    },
    (doc) => formulationFindings(doc).incomplete,
  ),
  lexicon(
    {
      id: 'lexicons.leader.outdated-post',
      level: 'must-fix',
      source: `${SRC.lexicon}：领导姓名职务（按任职起止日期）`,
      title: '领导职务与成文日期不符',
      description: '姓名前的职务是此人在其他时段担任的职务，与成文日期（或今天）时的职务不一致。',
    },
    (doc) => leaderFindings(doc).outdated,
  ),
  lexicon(
    {
      id: 'lexicons.leader.unknown-post',
      level: 'suspect',
      source: `${SRC.lexicon}：领导姓名职务`,
      title: '领导职务与词库不一致',
      description: '姓名前的职务是词库中其他领导的职务，此人并未担任。',
    },
    (doc) => leaderFindings(doc).unknown,
  ),
  lexicon(
    {
      id: 'lexicons.org.renamed',
      level: 'suspect',
      source: `${SRC.lexicon}：机构更名`,
      title: '机构已更名',
      description: '使用了更名前的机构名称（前面写“原”的历史表述除外）。',
    },
    (doc) =>
      doc.lexicons.renamedOrgs.flatMap((o) => {
        if (o.renamedOn && o.renamedOn > doc.date) return []
        return [...occurrences(doc.text, o.oldName)]
          .filter((at) => doc.text[at - 1] !== '原' && !doc.text.startsWith(o.newName, at))
          .map((at) => ({
            start: at,
            end: at + o.oldName.length,
            message: `“${o.oldName}”${o.renamedOn ? `已于${o.renamedOn}` : '已'}更名为“${o.newName}”`,
            suggestion: o.newName,
          }))
      }),
  ),
  lexicon(
    {
      id: 'lexicons.sensitive.forbidden',
      level: 'must-fix',
      source: `${SRC.lexicon}：禁用词`,
      title: '禁用词',
      description: '办公室词库中登记为禁用的词语。',
    },
    (doc) =>
      doc.lexicons.sensitive
        .filter((s) => s.level === 'forbidden')
        .flatMap((s) =>
          [...occurrences(doc.text, s.word)].map((at) => ({
            start: at,
            end: at + s.word.length,
            message: `“${s.word}”是禁用词${s.note ? `：${s.note}` : ''}`,
            ...(s.replacement !== undefined ? { suggestion: s.replacement } : {}),
          })),
        ),
  ),
  lexicon(
    {
      id: 'lexicons.sensitive.caution',
      level: 'suspect',
      source: `${SRC.lexicon}：慎用词`,
      title: '慎用词',
      description: '办公室词库中登记为慎用的词语，请确认用法。',
    },
    (doc) =>
      doc.lexicons.sensitive
        .filter((s) => s.level === 'caution')
        .flatMap((s) =>
          [...occurrences(doc.text, s.word)].map((at) => ({
            start: at,
            end: at + s.word.length,
            message: `“${s.word}”是慎用词${s.note ? `：${s.note}` : ''}${s.replacement ? `，可用“${s.replacement}”` : ''}`,
            ...(s.replacement ? { candidates: [s.replacement] } : {}),
          })),
        ),
  ),
  lexicon(
    {
      id: 'lexicons.confusable',
      level: 'must-fix',
      source: `${SRC.lexicon}：易混词`,
      title: '办公室易混词',
      description: '办公室词库中登记的错误写法（如本地地名、单位简称的常见误写）。',
    },
    (doc) =>
      doc.lexicons.confusables.flatMap((c) =>
        [...occurrences(doc.text, c.wrong)]
          // the wrong form may be part of the right one ("示范区" in "高新示范区"): not an error there
          .filter((at) => {
            const k = c.right.indexOf(c.wrong)
            return k < 0 || !doc.text.startsWith(c.right, at - k)
          })
          .map((at) => ({ start: at, end: at + c.wrong.length, message: `“${c.wrong}”应为“${c.right}”${c.note ? `（${c.note}）` : ''}`, suggestion: c.right })),
      ),
  ),
  lexicon(
    {
      id: 'lexicons.builtin.redundant-committee',
      level: 'suspect',
      source: `${SRC.xinhua}（“XX市市委书记”应为“XX市委书记”）`,
      title: '“××市市委”重复',
      description: '“中共××省省委书记”“××市市委书记”中行政区划字重复，应为“××省委书记”“××市委书记”。',
    },
    (doc) =>
      scan(doc.text, /(?<=[\u4e00-\u9fff])(省|市|县|区)\1委(?=书记|副书记|常委|办公室|组织部|宣传部|统战部|政法委|委员)/g, (m) => {
        if (/[全本该各每我]$/.test(doc.text.slice(0, m.index))) return undefined
        return { start: m.index, end: m.index + 1, message: `“${m[1]}${m[1]}委”重复，应为“${m[1]}委”`, suggestion: '' }
      }),
  ),
  lexicon(
    {
      id: 'lexicons.builtin.xinhua',
      level: 'suspect',
      source: SRC.xinhua,
      title: '新华社禁用词、慎用词',
      description: '如“‘一带一路’战略”应为“倡议”，“台湾总统”应为“台湾地区领导人”，不用“两岸三地”。',
    },
    (doc) =>
      XINHUA.flatMap(([re, replacement, message]) =>
        scan(doc.text, re, (m) => ({ start: m.index, end: m.index + m[0].length, message, ...(replacement ? { suggestion: replacement } : {}) })),
      ),
  ),
]
