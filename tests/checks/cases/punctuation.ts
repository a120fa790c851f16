import type { CaseTable } from '../run-cases'

export const punctuationCases: CaseTable = {
  'punctuation.half-width.comma': {
    hit: [{ text: '加强领导,压实责任。', suggestion: '，' }],
    clean: ['加强领导，压实责任。', '共1,000人。', 'GDP, CPI and PPI'],
  },
  'punctuation.half-width.semicolon': {
    hit: [{ text: '加强领导;压实责任。', suggestion: '；' }],
    clean: ['加强领导；压实责任。'],
  },
  'punctuation.half-width.colon': {
    hit: [{ text: '联系人:张某某', suggestion: '：' }, { text: '时间:2024年3月5日', suggestion: '：' }],
    clean: ['联系人：张某某', '会议15:40开始', '网址https://example.com'],
  },
  'punctuation.half-width.question': {
    hit: [{ text: '原因何在?', suggestion: '？' }],
    clean: ['原因何在？'],
  },
  'punctuation.half-width.exclamation': {
    hit: [{ text: '为实现目标而努力奋斗!', suggestion: '！' }],
    clean: ['为实现目标而努力奋斗！'],
  },
  'punctuation.half-width.period': {
    hit: [{ text: '加强领导.压实责任。', suggestion: '。' }, { text: '压实责任.', suggestion: '。' }],
    clean: ['压实责任。', '1.加强领导', '版本2.0发布'],
  },
  'punctuation.half-width.paren': {
    hit: [{ text: '县(处)级干部', suggestion: '（处）' }],
    clean: ['县（处）级干部', '函数f(x)的值', '一、要求\n(一)加强领导'],
  },
  'punctuation.half-width.quote': {
    hit: [{ text: '加强"三河三湖"治理', suggestion: '“三河三湖”' }],
    clean: ['加强“三河三湖”治理', 'say "hello"'],
  },
  'punctuation.half-width.single-quote': {
    hit: [{ text: "“学习‘四史’和'两学一做'”", suggestion: '‘两学一做’' }],
    clean: ['“学习‘四史’”', "it's fine"],
  },
  'punctuation.pair.quote-close': {
    hit: ['一个”五讲四美”的活动'],
    clean: ['一个“五讲四美”的活动'],
  },
  'punctuation.pair.quote-open': {
    hit: ['他说：“要加强领导。'],
    clean: ['他说：“要加强领导。”'],
  },
  'punctuation.pair.book-title': {
    hit: ['学习《条例精神。', '学习条例》精神。'],
    clean: ['学习《条例》精神。'],
  },
  'punctuation.pair.paren': {
    hit: ['会议（扩大会议召开。', '会议扩大会议）召开。'],
    clean: ['会议（扩大会议）召开。', '1）加强领导'],
  },
  'punctuation.ellipsis.form': {
    hit: [{ text: '水稻、小麦...等', suggestion: '……' }, { text: '水稻、小麦。。。', suggestion: '……' }, { text: '水稻、小麦…', suggestion: '……' }],
    clean: ['水稻、小麦……', '第1...3页'],
  },
  'punctuation.ellipsis.deng': {
    hit: [{ text: '水稻、小麦……等作物', excerpt: '等', suggestion: '' }],
    clean: ['水稻、小麦等作物', '水稻、小麦……'],
  },
  'punctuation.dash.form': {
    hit: [{ text: '一个目标--全面小康', suggestion: '——' }, { text: '--我们要推动发展', suggestion: '——' }],
    clean: ['一个目标——全面小康', '编号A--1'],
  },
  'punctuation.doubled': {
    hit: [{ text: '加强领导，，压实责任', suggestion: '，' }, { text: '完成任务。。', suggestion: '。' }],
    clean: ['加强领导，压实责任。', '水稻。。。'],
  },
  'punctuation.conflict': {
    hit: [{ text: '压实责任，。', excerpt: '，', suggestion: '' }, { text: '水稻、，小麦', excerpt: '、' }],
    clean: ['压实责任。', '水稻、小麦'],
  },
  'punctuation.dunhao.between-quotes': {
    hit: [{ text: '学习《条例》、《规定》', suggestion: '' }, '落实“放管服”、“最多跑一次”改革'],
    clean: ['学习《条例》《规定》', '学习《条例》（2019年版）、《规定》'],
  },
  'punctuation.dunhao.before-deng': {
    hit: [{ text: '水稻、小麦、等作物', suggestion: '' }, { text: '水稻、小麦、等等', suggestion: '' }],
    clean: ['水稻、小麦等作物', '实行按劳分配、等价交换', '提高产品质量、等级'],
  },
  'punctuation.space.between-han': {
    hit: [{ text: '加强 领导，压实责任。', suggestion: '' }],
    clean: ['加强领导，压实责任。', '出席：张  三  李  四  王  五', 'Wenfu 文辅'],
  },
  'punctuation.ordinal.di-yi': {
    hit: [{ text: '原因有三：第一、父母总认为自己成熟。', suggestion: '，' }, { text: '首先、要加强领导。', suggestion: '，' }],
    clean: ['原因有三：第一，父母总认为自己成熟。', '坚持质量第一、效益优先', '第一、二季度'],
  },
  'punctuation.ordinal.bracketed': {
    hit: [{ text: '（一）、加强领导', excerpt: '、', suggestion: '' }, { text: '（1）.压实责任', suggestion: '' }, '①、统一思想'],
    clean: ['（一）加强领导', '（1）压实责任', '①统一思想'],
  },
  'punctuation.ordinal.arabic-dunhao': {
    hit: [{ text: '一、要求\n1、加强领导', suggestion: '.' }],
    clean: ['一、要求\n1.加强领导', '附件：1、方案\n2、清单'],
  },
  'punctuation.ordinal.chinese-numeral': {
    hit: [{ text: '一.总体要求', suggestion: '、' }, { text: '二，主要任务', suggestion: '、' }],
    clean: ['一、总体要求', '一二三四'],
  },
  'punctuation.ordinal.half-paren': {
    hit: [{ text: '1）加强领导', suggestion: '（1）' }],
    clean: ['（1）加强领导', '共1）'],
  },
  'punctuation.nested.book-title': {
    hit: [{ text: '《关于学习《条例》的通知》', suggestion: '〈条例〉' }],
    clean: ['《关于学习〈条例〉的通知》', '《条例》和《规定》'],
  },
  'punctuation.nested.quote': {
    hit: [{ text: '他说：“要落实“四个自信”的要求。”', suggestion: '‘四个自信’' }],
    clean: ['他说：“要落实‘四个自信’的要求。”', '“四个自信”和“两个维护”'],
  },
}
