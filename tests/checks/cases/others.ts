import type { CaseTable } from '../run-cases'

export const typoCases: CaseTable = {
  'typos.lexicon': {
    hit: [
      { text: '做好工作布署。', suggestion: '部署' },
      { text: '再接再励，继续前进。', suggestion: '再接再厉' },
      { text: '大力宏扬优良传统。', suggestion: '弘扬' },
      { text: '提拨干部要严格把关。', suggestion: '提拔' },
    ],
    clean: ['做好工作部署。', '按排名先后录取。', '自己经常学习。', '社会平安祥和。', '杜会长出席会议。'],
  },
  'typos.variant': {
    hit: [{ text: '这是惟一的办法。', suggestion: '唯一' }, { text: '增加份量。', suggestion: '分量' }, { text: '双方签定协议。', suggestion: '签订' }],
    clean: ['这是唯一的办法。', '增加分量。', '双方签订协议。'],
  },
  'typos.traditional': {
    hit: [{ text: '我們要加强領導。', suggestion: '们' }],
    clean: ['我们要加强领导。'],
  },
  'typos.context.jiezhi': {
    hit: [{ text: '截止2024年底，全区完成投资10亿元。', suggestion: '截至' }, { text: '截止到目前，已完成任务。', excerpt: '截止到', suggestion: '截至' }],
    clean: ['截至2024年底，全区完成投资10亿元。', '报名于3月5日截止。', '截止日期为3月5日。'],
  },
  'typos.context.jiezhi-dao': {
    hit: [{ text: '截至到目前', suggestion: '截至' }],
    clean: ['截至目前'],
  },
  'typos.context.bixu': {
    hit: [{ text: '必需坚持党的领导。', suggestion: '必须' }],
    clean: ['必须坚持党的领导。', '生活必需的物资。'],
  },
  'typos.context.bixu-pin': {
    hit: [{ text: '保障生活必须品供应。', suggestion: '必需' }],
    clean: ['保障生活必需品供应。'],
  },
  'typos.context.duguo-time': {
    hit: [{ text: '渡过一个欢乐祥和的春节。', suggestion: '度过' }],
    clean: ['度过一个欢乐祥和的春节。', '渡过长江。'],
  },
  'typos.context.duguo-difficulty': {
    hit: [{ text: '帮助企业度过难关。', suggestion: '渡过' }],
    clean: ['帮助企业渡过难关。', '度过了难忘的一天。'],
  },
  'typos.context.ziji': {
    hit: [{ text: '要严格要求自已。', suggestion: '自己' }, { text: '我们自已要做好。', suggestion: '自己' }],
    clean: ['要严格要求自己。', '各自已经完成任务。', '来自已建成的项目。'],
  },
  'typos.context.de-adverb': {
    hit: [{ text: '认真的落实各项措施。', suggestion: '地' }],
    clean: ['认真地落实各项措施。', '认真的态度。'],
  },
  'typos.model': {
    hit: [
      { text: '在全区范围内持旭推进营商环境改革。', excerpt: '旭', suggestion: null },
      { text: '市有关淡味同志参加会议。' },
      // the pair tables take keys from the CJK span only: 〇 (U+3007) nearby must not break the lookups
      { text: '二〇二四年在全区范围内持旭推进营商环境改革。', excerpt: '旭' },
    ],
    clean: ['在全区范围内持续推进营商环境改革。', '市有关单位同志参加会议。', '根据区委办发〔2024〕12号文件精神。', '二〇二四年全区持续推进改革。'],
  },
}

export const repetitionCases: CaseTable = {
  'repetition.function-word': {
    hit: [{ text: '我们的的工作要做好。', suggestion: '的' }],
    clean: ['我们的工作要做好。', '这的的确确是事实。', '实现目的的手段。', '实事求是是我们党的思想路线。', '实实在在的成效。'],
  },
  'repetition.char': {
    hit: [{ text: '我们的工工作要做好。', excerpt: '工工' }],
    clean: ['天天向上，人人参与。', '上海海关进行检查。', '方方面面都要考虑。', '推动经济发展展现新气象。'],
  },
  'repetition.word': {
    hit: [{ text: '要进一步加强加强管理。', excerpt: '加强' }],
    clean: ['要进一步加强管理。', '一个一个地解决。', '大家研究研究。'],
  },
  'repetition.sentence': {
    hit: ['要坚持以人民为中心的发展思想。做好各项工作。要坚持以人民为中心的发展思想。'],
    clean: ['要坚持以人民为中心的发展思想。做好各项工作。', '加强领导。加强领导。'],
  },
  'repetition.sentence-doubled': {
    hit: [
      { text: '要坚持以人民为中心的发展思想。要坚持以人民为中心的发展思想。', excerpt: '要坚持以人民为中心的发展思想。' },
      { text: '各镇要高度重视。\n各镇要高度重视。', excerpt: '\n各镇要高度重视。' },
    ],
    clean: ['要坚持以人民为中心。做好各项工作。要坚持以人民为中心。', '抓落实。抓落实。', '各镇要高度重视。\n\n各镇要高度重视。'],
  },
  'repetition.sentence-doubled-short': {
    hit: [{ text: '抓落实。抓落实。要一抓到底。', excerpt: '抓落实。' }],
    clean: ['抓落实，抓到底。', '要坚持以人民为中心的发展思想。要坚持以人民为中心的发展思想。'],
  },
}

export const placeholderCases: CaseTable = {
  'placeholders.cross': {
    hit: ['××区人民政府', 'XX街道办事处', '会议于ＸＸ月召开'],
    clean: ['城东区人民政府', 'XXL号', '3×4的表格'],
  },
  'placeholders.pending': {
    hit: [
      { text: '全区共有企业【待补】家。', excerpt: '【待补】' },
      '联系人：[待定]',
      '数据（待核实）',
      // Longer than 30 characters (missed before issue #12), and with a （…） inside the 【…】.
      {
        text: '【待补：二、存在问题——实事求是地指出突出问题，并分析原因（知识库中暂无与本节匹配的调研发现）】',
        excerpt: '【待补：二、存在问题——实事求是地指出突出问题，并分析原因（知识库中暂无与本节匹配的调研发现）】',
      },
    ],
    clean: ['全区共有企业120家。', '【重要】请按时参加。'],
  },
  'placeholders.todo': {
    hit: ['TODO 补充数据', '此处FIXME'],
    clean: ['今日事今日毕', 'todolist'],
  },
  'placeholders.template-variable': {
    hit: ['{{主送机关}}：', '${date}', '【请填写联系人】'],
    clean: ['各街道：', '价格为$100'],
  },
  'placeholders.blank': {
    hit: ['联系人：＿＿＿＿', '电话：______', '□□街道'],
    clean: ['联系人：张某某', 'snake_case_name'],
  },
  'placeholders.empty-brackets': {
    hit: ['区委办发〔〕号', '学习《》精神', '联系电话（）'],
    clean: ['区委办发〔2024〕3号', '学习《条例》精神'],
  },
}

const leaders = [
  { name: '张明', post: '区委书记', validFrom: '2021-06-01' },
  { name: '张明', post: '区长', validFrom: '2018-01-01', validTo: '2021-05-31' },
  { name: '李华', post: '区长', validFrom: '2021-06-01' },
]

export const lexiconCases: CaseTable = {
  'lexicons.formulation.variant': {
    hit: [{ text: '深入学习习近平思想。', lexicons: { formulations: [{ label: '习近平新时代中国特色社会主义思想', items: ['新时代', '中国特色社会主义'], variants: ['习近平思想'] }] }, suggestion: '习近平新时代中国特色社会主义思想' }],
    clean: [{ text: '深入学习习近平新时代中国特色社会主义思想。', lexicons: { formulations: [{ label: '习近平新时代中国特色社会主义思想', items: ['新时代', '中国特色社会主义'], variants: ['习近平思想'] }] } }],
  },
  'lexicons.formulation.order': {
    hit: [{ text: '坚定“四个自信”，即理论自信、道路自信、制度自信、文化自信。', lexicons: { formulations: [{ label: '四个自信', items: ['道路自信', '理论自信', '制度自信', '文化自信'] }] } }],
    clean: [
      { text: '坚定“四个自信”，即道路自信、理论自信、制度自信、文化自信。', lexicons: { formulations: [{ label: '四个自信', items: ['道路自信', '理论自信', '制度自信', '文化自信'] }] } },
      { text: '坚定“四个自信”。', lexicons: { formulations: [{ label: '四个自信', items: ['道路自信', '理论自信', '制度自信', '文化自信'] }] } },
    ],
  },
  'lexicons.formulation.incomplete': {
    hit: [{ text: '坚定“四个自信”，即道路自信、理论自信、文化自信。', lexicons: { formulations: [{ label: '四个自信', items: ['道路自信', '理论自信', '制度自信', '文化自信'] }] } }],
    clean: [{ text: '坚定“四个自信”，特别是文化自信。', lexicons: { formulations: [{ label: '四个自信', items: ['道路自信', '理论自信', '制度自信', '文化自信'] }] } }],
  },
  'lexicons.leader.outdated-post': {
    hit: [
      { text: '区长张明出席会议。', fields: { date: '2024-03-05' }, lexicons: { leaders }, excerpt: '区长', suggestion: '区委书记' },
      // two posts in force: no certain fix, both offered as choices
      {
        text: '区长张明出席会议。',
        fields: { date: '2024-03-05' },
        lexicons: { leaders: [...leaders, { name: '张明', post: '区人武部党委第一书记', validFrom: '2022-01-01' }] },
        excerpt: '区长',
        suggestion: null,
        candidates: ['区委书记', '区人武部党委第一书记'],
      },
    ],
    clean: [
      { text: '区委书记张明出席会议。', fields: { date: '2024-03-05' }, lexicons: { leaders } },
      { text: '区长张明出席会议。', fields: { date: '2020-03-05' }, lexicons: { leaders } },
    ],
  },
  'lexicons.leader.unknown-post': {
    hit: [{ text: '区长李华、区长张明出席。', fields: { date: '2024-03-05' }, lexicons: { leaders: [{ name: '李华', post: '区长' }, { name: '王强', post: '区委副书记' }, { name: '张明', post: '区委书记' }] }, excerpt: '区长', candidates: ['区委书记'] }],
    clean: [{ text: '区长李华出席。', fields: { date: '2024-03-05' }, lexicons: { leaders: [{ name: '李华', post: '区长' }] } }],
  },
  'lexicons.org.renamed': {
    hit: [{ text: '区环境保护局负责督查。', lexicons: { renamedOrgs: [{ oldName: '区环境保护局', newName: '区生态环境局', renamedOn: '2019-03-01' }] }, suggestion: '区生态环境局' }],
    clean: [
      { text: '原区环境保护局的职责划入区生态环境局。', lexicons: { renamedOrgs: [{ oldName: '区环境保护局', newName: '区生态环境局', renamedOn: '2019-03-01' }] } },
      { text: '区环境保护局负责督查。', fields: { date: '2018-05-01' }, lexicons: { renamedOrgs: [{ oldName: '区环境保护局', newName: '区生态环境局', renamedOn: '2019-03-01' }] } },
    ],
  },
  'lexicons.sensitive.forbidden': {
    hit: [{ text: '他是我们的老板。', lexicons: { sensitive: [{ word: '老板', level: 'forbidden', replacement: '负责人' }] }, suggestion: '负责人' }],
    clean: [{ text: '他是我们的负责人。', lexicons: { sensitive: [{ word: '老板', level: 'forbidden' }] } }],
  },
  'lexicons.sensitive.caution': {
    hit: [{ text: '选派村官驻村。', lexicons: { sensitive: [{ word: '村官', level: 'caution', replacement: '大学生村干部' }] }, suggestion: null, candidates: ['大学生村干部'] }],
    clean: [{ text: '选派村官驻村。', lexicons: { sensitive: [{ word: '村官', level: 'forbidden' }] } }, { text: '选派干部驻村。', lexicons: { sensitive: [{ word: '村官', level: 'caution' }] } }],
  },
  'lexicons.confusable': {
    hit: [{ text: '前往城东街到调研。', lexicons: { confusables: [{ wrong: '城东街到', right: '城东街道' }] }, suggestion: '城东街道' }],
    clean: [{ text: '前往城东街道调研。', lexicons: { confusables: [{ wrong: '城东街到', right: '城东街道' }] } }, { text: '高新示范区', lexicons: { confusables: [{ wrong: '示范区', right: '高新示范区' }] } }],
  },
  'lexicons.builtin.redundant-committee': {
    hit: [{ text: '中共某某市市委书记出席。', suggestion: '' }],
    clean: ['中共某某市委书记出席。', '全市市委书记会议'],
  },
  'lexicons.builtin.xinhua': {
    hit: [{ text: '推进“一带一路”战略。', suggestion: '“一带一路”倡议' }, '两岸三地的交流'],
    clean: ['推进“一带一路”倡议。', '推进“一带一路”建设。'],
  },
}

export const factCases: CaseTable = {
  'facts.untraced-figure': {
    hit: [{ text: '全区新增企业1200家。', untracedFigures: [{ start: 6, end: 11, text: '1200家' }], excerpt: '1200家' }],
    clean: [{ text: '全区新增企业1200家。', untracedFigures: [] }, '全区新增企业1200家。'],
  },
  'facts.share-over-100': {
    hit: ['民营经济占全区生产总值的120%。', '占比达105%'],
    clean: ['民营经济占全区生产总值的60%。', '同比增长120%。'],
  },
  'confidentiality.restricted-material': {
    hit: [
      {
        text: '一、存在问题\n某村党支部书记涉嫌违规发包集体资产，已移交区纪委监委。',
        materialPassages: [{ start: 7, end: 34, sensitivity: 'restricted', markers: ['F3'], title: '某村干部问题线索' }],
        excerpt: '某村党支部书记涉嫌违规发包集体资产，已移交区纪委监委。',
      },
    ],
    clean: [
      '某村党支部书记涉嫌违规发包集体资产。',
      { text: '全区新建养老床位300张。', materialPassages: [{ start: 0, end: 13, sensitivity: 'internal' }] },
      // A span outside the text (a stale request) is ignored, never reported at a wrong place.
      { text: '全区新建养老床位300张。', materialPassages: [{ start: 5, end: 400, sensitivity: 'restricted' }] },
    ],
  },
  'confidentiality.internal-material': {
    hit: [{ text: '全区新建养老床位300张。', materialPassages: [{ start: 0, end: 13, sensitivity: 'internal', markers: ['F1'] }], excerpt: '全区新建养老床位300张。' }],
    clean: ['全区新建养老床位300张。', { text: '全区新建养老床位300张。', materialPassages: [{ start: 0, end: 13, sensitivity: 'restricted' }] }],
  },
}
