// Material-pack bench (issue #12): `npm run bench:packs [-- --split train|heldOut|all]`.
// Runs today's behaviour (the Worker as of PACKS_BASE, checked out of git into bench/.work) and this
// checkout, one after the other, under `wrangler dev` with the same knowledge base, and drafts every
// case of packs-cases.json in assemble mode with retrieval by topic: draft → outline → generate.
// Reports, per algorithm and split: share of used findings on the case's topic, share of placements
// in a section whose purpose fits the finding, findings placed in more than one section, how many of
// the topic's findings were used (so that using nothing cannot win), and where 参考写法 come from.
// Writes bench/results/compose-packs.json and compose-packs.md.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { api } from '../../scripts/lib.mjs'
import { ROOT, round, startWorker, stopWorker } from '../lib.mjs'

const BASE_COMMIT = process.env.PACKS_BASE ?? 'bcf2137'
const TOKEN = 'bench-packs-token-0123456789'
const work = path.join(ROOT, 'bench/.work/packs')
const split = process.argv.includes('--split') ? process.argv[process.argv.indexOf('--split') + 1] : 'all'
const only = process.argv.includes('--algo') ? process.argv[process.argv.indexOf('--algo') + 1] : 'both'
const log = (...a) => console.log('[bench:packs]', ...a)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

const def = JSON.parse(readFileSync(path.join(ROOT, 'bench/compose/packs-cases.json'), 'utf8'))
const demo = JSON.parse(readFileSync(path.join(ROOT, 'demo/findings.json'), 'utf8'))
const extra = JSON.parse(readFileSync(path.join(ROOT, 'bench/compose/packs-kb.json'), 'utf8'))
const precedents = JSON.parse(readFileSync(path.join(ROOT, 'demo/precedents.json'), 'utf8'))
const precedentList = Array.isArray(precedents) ? precedents : Object.values(precedents)[0]

/** The cases: every template × topic; every second one (alternating over both) is held out. */
function cases() {
  const out = []
  const topics = Object.keys(def.topics)
  const templates = Object.keys(def.templates)
  topics.forEach((topic, i) =>
    templates.forEach((template, j) => out.push({ topic, query: def.topics[topic], template, heldOut: (i + j) % 2 === 1 })),
  )
  return out.filter((c) => split === 'all' || (split === 'heldOut' ? c.heldOut : !c.heldOut))
}

// Findings keep the topic an office files them under (优化营商环境, 乡村振兴 …); the labels are a
// separate reading, and the queries are phrased as a drafter types them, not as the filed topic.
// With --no-topic the field is dropped, to see what the text alone supports.
const noTopic = process.argv.includes('--no-topic')
const kbFindings = [...demo.findings.map(({ surveyKey: _s, ...f }) => f), ...extra.findings].map(({ topic, ...f }) => (noTopic ? f : { ...f, topic }))

async function seed(call) {
  const report = await call('POST', '/api/v1/findings/batch', { items: kbFindings })
  if (report.imported.length !== kbFindings.length) throw new Error(`seeded ${report.imported.length} of ${kbFindings.length} findings`)
  for (const p of precedentList) await call('POST', '/api/v1/precedents', p)
  return new Map(report.imported.map((i) => [i.id, i.title]))
}

async function waitJob(call, jobId) {
  for (const until = Date.now() + 120_000; Date.now() < until; await sleep(100)) {
    const job = await call('GET', `/api/v1/jobs/${jobId}`)
    if (job.status === 'done' || job.status === 'failed') return job
  }
  throw new Error(`job ${jobId} did not finish`)
}

async function runCase(call, c, titleOf) {
  const t = def.templates[c.template]
  const fill = (s) => s.replaceAll('{topic}', c.query)
  const variables = { [t.topicVar]: c.query, ...Object.fromEntries(Object.entries(t.variables).map(([k, v]) => [k, fill(v)])) }
  const draft = await call('POST', '/api/v1/drafts', { templateId: c.template, variables, mode: 'assemble' })
  const outline = await call('POST', `/api/v1/drafts/${draft.id}/outline`)
  const job = await call('POST', `/api/v1/drafts/${draft.id}/generate`)
  await waitJob(call, job.jobId)
  const view = await call('GET', `/api/v1/drafts/${draft.id}`)
  const kinds = def.sectionKinds[c.template]
  const placements = outline.sections
    .filter((s) => kinds[s.key])
    .flatMap((s) => s.findingIds.map((id) => ({ section: s.key, title: titleOf.get(id) })))
  const references = view.sections.flatMap((s) => [...s.text.matchAll(/【参考写法】《([^》]+)》/g)].map((m) => m[1]))
  return {
    ...c,
    retrieved: view.materials.filter((m) => m.kind === 'finding').map((m) => ({ title: titleOf.get(m.id), relevance: m.relevance ?? null })),
    placements,
    unused: (outline.unused ?? []).map((u) => ({ title: u.title, score: u.score })),
    references,
    precedents: view.materials.filter((m) => m.kind === 'precedent').map((m) => m.title),
  }
}

function score(results) {
  let used = 0
  let onTopic = 0
  let placed = 0
  let fitting = 0
  let duplicates = 0
  let available = 0
  let usedOfTopic = 0
  let refs = 0
  let refsSameGenreTopic = 0
  let refsSameTopic = 0
  let unused = 0
  let unusedOnTopic = 0
  let unusedOnTopicLabels = []
  const genreOf = new Map(precedentList.map((p) => [p.title, p.genre]))
  const templateGenre = { jianghua: '讲话稿', 'diaoyan-baogao': '调研报告', jianbao: '简报', tongzhi: '通知' }
  let refsWhereAvailable = 0
  let refsWhereAvailableFitting = 0
  for (const r of results) {
    const kinds = def.sectionKinds[r.template]
    const hasModel = precedentList.some((p) => p.genre === templateGenre[r.template] && def.precedentTopics[p.title] === r.topic)
    if (hasModel) {
      refsWhereAvailable += r.references.length
      refsWhereAvailableFitting += r.references.filter((ref) => def.precedentTopics[ref] === r.topic && genreOf.get(ref) === templateGenre[r.template]).length
    }
    const seen = new Map()
    for (const p of r.placements) {
      const label = def.findingLabels[p.title]
      if (!label) throw new Error(`no label for ${p.title}`)
      placed++
      if (kinds[p.section].some((k) => label.kinds.includes(k))) fitting++
      seen.set(p.title, (seen.get(p.title) ?? 0) + 1)
    }
    for (const [title, n] of seen) {
      used++
      if (def.findingLabels[title].topic === r.topic) {
        onTopic++
        usedOfTopic++
      }
      if (n > 1) duplicates++
    }
    // Restricted findings are never retrieved, so they are not counted as available.
    const restricted = new Set(kbFindings.filter((f) => f.sensitivity === 'restricted').map((f) => f.title))
    available += Object.entries(def.findingLabels).filter(([title, l]) => l.topic === r.topic && !restricted.has(title)).length
    for (const u of r.unused) {
      unused++
      if (def.findingLabels[u.title]?.topic === r.topic) {
        unusedOnTopic++
        unusedOnTopicLabels.push(`${r.template}/${r.topic}: ${u.title} (${u.score})`)
      }
    }
    for (const ref of r.references) {
      refs++
      const sameTopic = def.precedentTopics[ref] === r.topic
      if (sameTopic) refsSameTopic++
      if (sameTopic && genreOf.get(ref) === templateGenre[r.template]) refsSameGenreTopic++
    }
  }
  return {
    cases: results.length,
    usedFindings: used,
    onTopicShare: used ? round(onTopic / used) : null,
    placements: placed,
    fittingShare: placed ? round(fitting / placed) : null,
    duplicates,
    topicCoverage: available ? round(usedOfTopic / available) : null,
    references: refs,
    referencesSameGenreAndTopic: refs ? round(refsSameGenreTopic / refs) : null,
    referencesSameTopic: refs ? round(refsSameTopic / refs) : null,
    // Only where the knowledge base holds a precedent of the template's genre on the case's topic.
    referencesSameGenreAndTopicWhereOneExists: refsWhereAvailable ? round(refsWhereAvailableFitting / refsWhereAvailable) : null,
    unusedListed: unused,
    unusedOnTopic,
    unusedOnTopicExamples: unusedOnTopicLabels.slice(0, 12),
  }
}

async function runAlgo(name, source, port) {
  log(`starting ${name} worker from ${source}`)
  const { child, base } = await startWorker({ port, state: path.join(work, `${name}-state`), source, vars: { WENFU_BOOTSTRAP_TOKEN: TOKEN } })
  try {
    const call = (method, p, json) => api(base, TOKEN, method, p, json === undefined ? {} : { json })
    const titleOf = await seed(call)
    const results = []
    for (const c of cases()) results.push(await runCase(call, c, titleOf))
    log(`${name}: ${results.length} cases`)
    return results
  } finally {
    stopWorker(child)
  }
}

mkdirSync(work, { recursive: true })
const oldTree = path.join(work, 'old-tree')
rmSync(oldTree, { recursive: true, force: true })
mkdirSync(oldTree, { recursive: true })
// Today's behaviour: the same files as of the base commit, run by the same toolchain.
execFileSync('sh', ['-c', `git -C "${ROOT}" archive ${BASE_COMMIT} src prompts migrations wrangler.toml package.json tsconfig.json | tar -x -C "${oldTree}"`])

const runs = {}
const rawFile = path.join(work, 'raw.json')
if (process.argv.includes('--rescore')) Object.assign(runs, JSON.parse(readFileSync(rawFile, 'utf8')))
else {
  if (only !== 'new') runs.old = await runAlgo('old', oldTree, 8794)
  if (only !== 'old') runs.new = await runAlgo('new', ROOT, 8795)
  writeFileSync(rawFile, JSON.stringify(runs))
}

const splits = { train: (r) => !r.heldOut, heldOut: (r) => r.heldOut, all: () => true }
const summary = {}
for (const [algo, results] of Object.entries(runs)) {
  summary[algo] = {}
  for (const [name, keep] of Object.entries(splits)) {
    const rs = results.filter(keep)
    if (rs.length) summary[algo][name] = score(rs)
  }
}
const out = { date: new Date().toISOString(), baseCommit: BASE_COMMIT, split, topicField: !noTopic, summary, cases: runs }
const resultsDir = path.join(ROOT, 'bench/results')
const file = (split === 'all' ? 'compose-packs' : `compose-packs-${split}`) + (noTopic ? '-no-topic' : '')
writeFileSync(path.join(resultsDir, `${file}.json`), JSON.stringify(out, null, 2) + '\n')

const NOTES = `
## 说明

- 两种算法在同一次运行中、用同一知识库（示例区 43 条调研发现 + \`packs-kb.json\` 中人居环境 6 条，18 篇范文）依次跑：
  “今日”是 ${BASE_COMMIT} 的源码（从 git 取出到 \`bench/.work/packs/old-tree\`），“本分支”是当前源码。拼装模式，按主题检索（每例 8 条），提纲 → 生成 → 读文稿。
- 指标：所用发现切题＝各节用到的发现中，标注主题与用例主题相同的比例；落在合适章节＝每次编入中，发现的标注类别与该节标注的取材相交的比例；
  重复＝编入两节以上的发现数；本主题发现用上的比例＝该主题（非敏感）发现中被编入的比例（防止“什么都不用”也能得高分）；
  参考写法按所在范文的文种和标注主题统计。目标：切题 ≥ 0.9、合适章节 ≥ 0.8、重复 0。
- 发现保留办公室登记的 topic 字段（优化营商环境、乡村振兴……），用例的主题按起草人的说法另写（“发展壮大村级集体经济”），与 topic 字段并不相同；
  标注是另行逐条阅读所得。
- 调参只看训练一半（14 例）：共看了 3 次（第 1 次发现 topic 字段被去掉后纯文本几乎无从判断主题，改为保留；第 2 次按相关度分布把门槛从 0.5 定为 0.25；
  第 3 次改了范文的排序），留出的一半（14 例）只在最后跑了这一次，此后没有再改算法。
- 留出集中“有同文种同主题范文时取自它”为 0：只有 1 例（通知 × 基层治理），那篇通知与主题词重合少、相关度低于门槛，算法取了同主题的讲话稿；
  看到留出结果后没有再改。
- 保密：今日的算法在 28 例中有 16 例把敏感发现按主题检索进了文稿；本分支为 0（敏感材料只能人工添加）。
`

const row = (algo, s) =>
  `| ${algo} | ${s.cases} | ${s.onTopicShare} | ${s.fittingShare} | ${s.duplicates} | ${s.topicCoverage} | ${s.usedFindings} | ${s.referencesSameGenreAndTopic} | ${s.referencesSameTopic} | ${s.referencesSameGenreAndTopicWhereOneExists} | ${s.unusedListed}（${s.unusedOnTopic}） |`
const table = (name) =>
  [
    `### ${name}`,
    '',
    '| 算法 | 用例 | 所用发现切题 | 落在合适章节 | 重复 | 本主题发现用上的比例 | 所用发现数 | 参考写法同文种同主题 | 参考写法同主题 | 有同文种同主题范文时取自它 | 未采用（其中切题） |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...Object.entries(summary)
      .filter(([, s]) => s[name])
      .map(([algo, s]) => row(algo === 'old' ? `今日（${BASE_COMMIT}）` : '本分支', s[name])),
    '',
  ].join('\n')
writeFileSync(
  path.join(resultsDir, `${file}.md`),
  `# 素材包（拼装模式）基准\n\n${new Date().toISOString().slice(0, 10)}，\`npm run bench:packs\`（\`bench/compose/packs.mjs\`）。用例与标注见 \`bench/compose/packs-cases.json\`。\n\n` +
    ['train', 'heldOut', 'all'].filter((n) => Object.values(summary).some((s) => s[n])).map(table).join('\n') +
    NOTES,
)
log('wrote', path.join(resultsDir, `${file}.md`))
console.log(JSON.stringify(summary, null, 1))
