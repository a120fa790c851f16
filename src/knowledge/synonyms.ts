/**
 * Query expansion for the abbreviations, set phrases and former names of government writing: a
 * person types "两新", the report says "大规模设备更新和消费品以旧换新"; a 2017 file says "环保局",
 * today's says "生态环境局". Each group lists forms that mean the same thing; a query term equal to
 * one form, or containing one (three characters or more anywhere, two at either end), also looks
 * for the others. The built-in groups are kept to forms whose meaning is fixed by the source named
 * beside them; an office adds its own (简称, 别称, 曾用名) as a `synonym` lexicon, which takes effect
 * on the next search — nothing is re-indexed, since expansion happens on the query side only.
 */

export interface SynonymGroup {
  forms: string[]
  /** Where the equivalence comes from (built-in groups) or the office lexicon's note. */
  source: string
}

const GWBG = '《政府工作报告》'
const REFORM2018 = '《深化党和国家机构改革方案》（2018年）'

/** The built-in table. Latin forms are lower-case; all forms are compared without punctuation. */
export const BUILTIN_SYNONYMS: SynonymGroup[] = [
  { forms: ['gdp', '国内生产总值', '地区生产总值'], source: '国家统计局统计指标解释' },
  { forms: ['cpi', '居民消费价格'], source: '国家统计局统计指标解释' },
  { forms: ['ppi', '工业生产者出厂价格'], source: '国家统计局统计指标解释' },
  { forms: ['pm2.5', '细颗粒物'], source: 'GB 3095-2012《环境空气质量标准》' },
  { forms: ['r&d', '研发经费', '研究与试验发展'], source: '国家统计局统计指标解释' },
  { forms: ['5g', '第五代移动通信'], source: '工业和信息化部文件用语' },
  { forms: ['ai', '人工智能'], source: '《新一代人工智能发展规划》（国发〔2017〕35号）' },
  { forms: ['规上工业', '规模以上工业'], source: '国家统计局统计指标解释' },
  { forms: ['固投', '固定资产投资'], source: '国家统计局统计指标解释' },
  { forms: ['社零', '社会消费品零售总额'], source: '国家统计局统计指标解释' },
  { forms: ['失业率', '城镇调查失业率'], source: '国家统计局统计指标解释' },
  { forms: ['三农', '农业农村农民'], source: '历年中央一号文件' },
  { forms: ['放管服', '简政放权、放管结合、优化服务'], source: `${GWBG}（2016年起）` },
  { forms: ['两新', '大规模设备更新和消费品以旧换新'], source: '《推动大规模设备更新和消费品以旧换新行动方案》（国发〔2024〕7号）' },
  { forms: ['两重', '国家重大战略实施和重点领域安全能力建设'], source: `${GWBG}（2024年）` },
  { forms: ['双碳', '碳达峰碳中和', '碳达峰、碳中和'], source: '《关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见》（2021年）' },
  { forms: ['碳达峰', '碳排放达峰'], source: '《2030年前碳达峰行动方案》（国发〔2021〕23号）' },
  { forms: ['双减', '减轻义务教育阶段学生作业负担和校外培训负担'], source: '中共中央办公厅、国务院办公厅文件（2021年7月）' },
  { forms: ['专精特新', '专业化、精细化、特色化、新颖化'], source: '《优质中小企业梯度培育管理暂行办法》（工信部企业〔2022〕63号）' },
  { forms: ['一网通办', '政务服务一网通办'], source: '《关于加快推进全国一体化在线政务服务平台建设的指导意见》（国发〔2018〕27号）' },
  { forms: ['营商环境', '投资环境'], source: '《优化营商环境条例》（国务院令第722号）' },
  { forms: ['四风', '形式主义、官僚主义、享乐主义和奢靡之风'], source: '党的群众路线教育实践活动（2013年）' },
  { forms: ['八项规定', '中央八项规定'], source: '中央政治局会议（2012年12月）' },
  { forms: ['四个意识', '政治意识、大局意识、核心意识、看齐意识'], source: '中央政治局会议（2016年1月）' },
  { forms: ['四个自信', '道路自信、理论自信、制度自信、文化自信'], source: '庆祝中国共产党成立95周年大会讲话（2016年）' },
  { forms: ['五位一体', '经济建设、政治建设、文化建设、社会建设、生态文明建设'], source: '党的十八大报告' },
  { forms: ['三重一大', '重大事项决策、重要干部任免、重大项目安排和大额资金使用'], source: '《关于进一步推进国有企业贯彻落实“三重一大”决策制度的意见》（2010年）' },
  { forms: ['三公经费', '因公出国（境）费、公务用车购置及运行费、公务接待费'], source: '财政部部门预算公开口径' },
  { forms: ['两学一做', '学党章党规、学系列讲话，做合格党员'], source: '中共中央办公厅文件（2016年）' },
  { forms: ['村两委', '村党组织和村民委员会'], source: '《中国共产党农村基层组织工作条例》' },
  { forms: ['三资', '农村集体资金、资产、资源'], source: '农业农村部农村集体“三资”管理文件' },
  { forms: ['低保', '最低生活保障'], source: '《社会救助暂行办法》（国务院令第649号）' },
  { forms: ['特困供养', '特困人员救助供养', '五保供养', '农村五保供养'], source: '《社会救助暂行办法》（2014年，农村五保供养并入特困人员救助供养）' },
  { forms: ['城乡居民医保', '城乡居民基本医疗保险', '新农合', '新型农村合作医疗'], source: '《关于整合城乡居民基本医疗保险制度的意见》（国发〔2016〕3号，新农合并入）' },
  { forms: ['医保', '医疗保险', '医疗保障'], source: '《中华人民共和国社会保险法》' },
  { forms: ['社保', '社会保险', '社会保障'], source: '《中华人民共和国社会保险法》' },
  { forms: ['养老金', '基本养老金', '养老保险金'], source: '《中华人民共和国社会保险法》' },
  { forms: ['医共体', '医疗卫生共同体'], source: '《关于推进紧密型县域医疗卫生共同体建设的指导意见》（2023年）' },
  { forms: ['医联体', '医疗联合体'], source: '《关于推进医疗联合体建设和发展的指导意见》（国办发〔2017〕32号）' },
  { forms: ['个税', '个人所得税'], source: '《中华人民共和国个人所得税法》' },
  { forms: ['营改增', '营业税改征增值税'], source: '财政部、国家税务总局文件（2016年）' },
  { forms: ['专项债', '地方政府专项债券'], source: '《地方政府专项债务预算管理办法》' },
  { forms: ['公租房', '公共租赁住房'], source: '《公共租赁住房管理办法》（住房城乡建设部令第11号）' },
  { forms: ['保障房', '保障性住房'], source: '住房城乡建设部文件用语' },
  { forms: ['棚改', '棚户区改造'], source: '《关于加快棚户区改造工作的意见》（国发〔2013〕25号）' },
  { forms: ['老旧小区改造', '城镇老旧小区改造'], source: '《关于全面推进城镇老旧小区改造工作的指导意见》（国办发〔2020〕23号）' },
  { forms: ['河长制', '河湖长制'], source: '《关于全面推行河长制的意见》（2016年）、《关于在湖泊实施湖长制的指导意见》（2018年）' },
  { forms: ['吹哨报到', '街道吹哨、部门报到'], source: '北京市《关于党建引领街乡管理体制机制创新实现“街乡吹哨、部门报到”的实施方案》（2018年）' },
  { forms: ['双拥', '拥军优属、拥政爱民'], source: '全国双拥工作领导小组文件' },
  { forms: ['人大常委会', '人民代表大会常务委员会'], source: '《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》' },
  { forms: ['两会', '全国人大和全国政协会议'], source: '新闻与公文常用简称' },
  { forms: ['发改委', '发展和改革委员会'], source: '机构规范简称' },
  { forms: ['发改局', '发展和改革局'], source: '机构规范简称' },
  { forms: ['住建局', '住房和城乡建设局'], source: '机构规范简称' },
  { forms: ['人社局', '人力资源和社会保障局'], source: '机构规范简称' },
  { forms: ['文旅局', '文化和旅游局'], source: `机构规范简称；${REFORM2018}` },
  { forms: ['市场监管局', '市场监督管理局', '工商局', '工商行政管理局'], source: `${REFORM2018}：组建市场监督管理局，工商行政管理局不再保留` },
  { forms: ['卫健委', '卫生健康委员会', '卫计委', '卫生和计划生育委员会'], source: `${REFORM2018}：组建卫生健康委员会，卫生和计划生育委员会不再保留` },
  { forms: ['生态环境局', '环保局', '环境保护局'], source: `${REFORM2018}：组建生态环境局，环境保护局不再保留` },
  { forms: ['应急管理局', '应急局', '安监局', '安全生产监督管理局'], source: `${REFORM2018}：组建应急管理局，安全生产监督管理局不再保留` },
  { forms: ['自然资源局', '国土局', '国土资源局'], source: `${REFORM2018}：组建自然资源局，国土资源局不再保留` },
  { forms: ['农业农村局', '农业局', '农委'], source: `${REFORM2018}：组建农业农村局` },
  { forms: ['高校', '高等学校', '高等院校'], source: '《中华人民共和国高等教育法》' },
  { forms: ['中小微企业', '中小企业', '小微企业'], source: '《中华人民共和国中小企业促进法》' },
  { forms: ['国企', '国有企业'], source: '常用简称' },
  { forms: ['民企', '民营企业'], source: '常用简称' },
  { forms: ['外资', '外商投资'], source: '《中华人民共和国外商投资法》' },
  { forms: ['扶贫', '脱贫'], source: '脱贫攻坚文件用语' },
  { forms: ['老年人', '老人', '老龄人口'], source: '《中华人民共和国老年人权益保障法》' },
]

/** Forms as they are compared: NFKC, lower-case, letters and digits only. */
export const compactForm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')

const isHanForm = (f: string) => /^[\p{Script=Han}\p{N}]+$/u.test(f) && /\p{Script=Han}/u.test(f)

/** A lookup from every form to the other forms of its groups. */
export interface SynonymIndex {
  whole: Map<string, Set<string>>
  /** Han forms by length, longest first, for finding a form inside a longer term. */
  inner: string[]
}

export function buildSynonymIndex(groups: SynonymGroup[]): SynonymIndex {
  const whole = new Map<string, Set<string>>()
  for (const g of groups) {
    const forms = [...new Set(g.forms.map(compactForm).filter(Boolean))]
    for (const f of forms) {
      const set = whole.get(f) ?? new Set<string>()
      for (const o of forms) if (o !== f) set.add(o)
      whole.set(f, set)
    }
  }
  const inner = [...whole.keys()].filter((f) => isHanForm(f) && [...f].length >= 2).sort((a, b) => b.length - a.length)
  return { whole, inner }
}

export const BUILTIN_INDEX = buildSynonymIndex(BUILTIN_SYNONYMS)

/** An office's `synonym` lexicon entry (checks/schemas.ts validates it). */
export interface SynonymEntryLike {
  term: string
  abbreviations?: string[]
  aliases?: string[]
  formerNames?: string[]
  note?: string
}

/** The built-in table plus the office's entries, as one index (built per search: entries are few). */
export function officeSynonymIndex(entries: SynonymEntryLike[]): SynonymIndex {
  if (!entries.length) return BUILTIN_INDEX
  const office = entries.map((e) => ({ forms: [e.term, ...(e.abbreviations ?? []), ...(e.aliases ?? []), ...(e.formerNames ?? [])], source: e.note ?? '办公室同义词库' }))
  return buildSynonymIndex([...BUILTIN_SYNONYMS, ...office])
}

const MAX_ALTS = 8

/**
 * Other forms of `term` (compact): the other forms of a group it equals, and the term with a form
 * it contains replaced by that form's others. A two-character form counts inside a term only at
 * its start or end, so that 国企 is not found in 中国企业.
 */
export function synonymsOf(term: string, index: SynonymIndex = BUILTIN_INDEX): string[] {
  const out = new Set<string>(index.whole.get(term) ?? [])
  if (isHanForm(term)) {
    for (const f of index.inner) {
      if (out.size >= MAX_ALTS) break
      if (f === term || f.length >= term.length) continue
      const at = term.indexOf(f)
      if (at < 0) continue
      if (f.length === 2 && at !== 0 && at + 2 !== term.length) continue
      for (const o of index.whole.get(f)!) out.add(term.slice(0, at) + o + term.slice(at + f.length))
    }
  }
  out.delete(term)
  return [...out].slice(0, MAX_ALTS)
}
