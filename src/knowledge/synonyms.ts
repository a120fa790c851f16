/**
 * Query expansion for the abbreviations and set phrases of government writing: a person types
 * "GDP", the report says "国内生产总值". Each group lists forms that mean the same thing; a query
 * term equal to one form also looks for the others. Kept small and certain: a wrong synonym
 * costs precision everywhere.
 */
const GROUPS: string[][] = [
  ['gdp', '国内生产总值', '地区生产总值'],
  ['cpi', '居民消费价格'],
  ['ppi', '工业生产者出厂价格'],
  ['pm2.5', '细颗粒物'],
  ['r&d', '研发经费', '研究与试验发展'],
  ['5g', '第五代移动通信'],
  ['ai', '人工智能'],
  ['三农', '农业农村农民'],
  ['放管服', '简政放权、放管结合、优化服务'],
  ['一网通办', '政务服务一网通办'],
  ['营商环境', '投资环境'],
  ['老年人', '老人', '老龄人口'],
  ['失业率', '城镇调查失业率'],
  ['高校', '高等学校', '高等院校'],
  ['中小微企业', '中小企业', '小微企业'],
  ['扶贫', '脱贫'],
  ['碳达峰', '碳排放达峰'],
  ['两会', '全国人大和全国政协会议'],
  ['国企', '国有企业'],
  ['民企', '民营企业'],
  ['外资', '外商投资'],
  ['医保', '医疗保险', '医疗保障'],
  ['社保', '社会保险', '社会保障'],
  ['养老金', '基本养老金', '养老保险金'],
  ['公租房', '公共租赁住房'],
  ['棚改', '棚户区改造'],
  ['双减', '减轻义务教育阶段学生作业负担和校外培训负担'],
]

const INDEX = new Map<string, string[]>()
for (const group of GROUPS) for (const form of group) INDEX.set(form.replace(/[^\p{L}\p{N}]/gu, ''), group)

/** Other forms of `term` (compact, lower-case), or none. */
export function synonymsOf(term: string): string[] {
  const group = INDEX.get(term)
  return group ? group.filter((f) => f.replace(/[^\p{L}\p{N}]/gu, '') !== term) : []
}
