import type { CaseTable } from '../run-cases'

export const numberCases: CaseTable = {
  'numbers.date.mixed-forms': {
    hit: [{ text: '会议于二〇二四年3月5日召开。', suggestion: '2024年3月5日' }, { text: '2024年三月五日', suggestion: '2024年3月5日' }],
    clean: ['会议于2024年3月5日召开。', '会议于二〇二四年三月五日召开。'],
  },
  'numbers.year.abbreviated': {
    hit: [{ text: '24年3月起施行。', excerpt: '24' }],
    clean: ['2024年3月起施行。', '用10年时间完成。'],
  },
  'numbers.range.percent': {
    hit: [{ text: '增长15～30%。', excerpt: '15', suggestion: '15%' }],
    clean: ['增长15%～30%。', '增长30%。'],
  },
  'numbers.range.unit': {
    hit: [{ text: '投资9～16亿元。', suggestion: '9亿' }],
    clean: ['投资9亿～16亿元。', '投资16亿元。'],
  },
  'numbers.range.half-width-tilde': {
    hit: [{ text: '每组10~20人。', suggestion: '～' }],
    clean: ['每组10～20人。', '网址是example.com/~user'],
  },
  'numbers.range.year-hyphen': {
    hit: [{ text: '《2023-2025年行动计划》', suggestion: '—' }],
    clean: ['《2023—2025年行动计划》', '日期2024-03-05'],
  },
  'numbers.range.date-hyphen': {
    hit: [{ text: '3月1日-10日开展检查。', suggestion: '—' }],
    clean: ['3月1日—10日开展检查。', '3月1日至10日开展检查。'],
  },
  'numbers.approx.dunhao': {
    hit: [{ text: '来了七、八个人。', suggestion: '七八' }],
    clean: ['来了七八个人。', '一、二、三等奖', '第一、二季度'],
  },
  'numbers.full-width-digit': {
    hit: [{ text: '共有１２个单位。', suggestion: '12' }],
    clean: ['共有12个单位。'],
  },
  'numbers.year.letter-o': {
    hit: [{ text: '二O二四年', suggestion: '二〇二四' }, { text: '二0二四年', suggestion: '二〇二四' }],
    clean: ['二〇二四年', '2024年'],
  },
  'numbers.year.ling': {
    hit: [{ text: '二零二四年', suggestion: '二〇二四' }],
    clean: ['二〇二四年', '三千零五十二人'],
  },
  'numbers.decimal.leading-zero': {
    hit: [{ text: '增长.5个百分点', suggestion: '0.5' }],
    clean: ['增长0.5个百分点', '版本1.5发布'],
  },
  'numbers.session.arabic': {
    hit: [{ text: '党的19届4中全会', suggestion: '十九' }, { text: '十四届全国人大1次会议前，召开了3中全会', suggestion: '三' }],
    clean: ['党的十九届四中全会', '连续举办8届全国双创活动周'],
  },
  'numbers.decrease.times': {
    hit: ['成本降低了2倍。', '能耗下降三倍'],
    clean: ['产量提高了2倍。', '成本降低了50%。'],
  },
  'numbers.date.leading-zero': {
    hit: [{ text: '于2024年03月05日召开。', excerpt: '0', suggestion: '' }],
    clean: ['于2024年3月5日召开。', '特此通知。\n2024年03月05日'],
  },
  'numbers.approx.redundant': {
    hit: ['约10人左右参加。', '近20余家企业'],
    clean: ['约10人参加。', '10人左右参加。'],
  },
  'numbers.over.redundant': {
    hit: ['覆盖率超过80%以上。'],
    clean: ['覆盖率超过80%。', '覆盖率80%以上。'],
  },
  'numbers.percent.mixed': {
    hit: [{ text: '增长百分之20。', suggestion: '20%' }],
    clean: ['增长百分之二十。', '增长20%。'],
  },
  'numbers.time.full-width-colon': {
    hit: [{ text: '会议15：40开始。', suggestion: ':' }],
    clean: ['会议15:40开始。', '会议15时40分开始。', '比例为3：1'],
  },
}
