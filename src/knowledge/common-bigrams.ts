/**
 * Bigrams that occur in at least one paragraph in ten of official Chinese prose (measured over the
 * government work reports and Party congress reports, 1954–2025: bench/search/make-common-bigrams.mjs).
 * Their posting lists are long and their BM25 weight is small, so candidate retrieval leaves them
 * out whenever a term has rarer bigrams; re-ranking still counts them. This keeps a search over
 * millions of characters from scoring most of the index for words like 发展 or 建设.
 */
export const COMMON_BIGRAMS: ReadonlySet<string> = new Set(
  [
  '发展 社会 建设 经济 人民 我们 主义 加强 国家 工作 改革 会主 提高 我国 推进 坚持 积极 继续 中国 生产 政策 基本 制度 企业 促进 全面 必须 问题 基础 全国',
  '政府 方面 实现 加快 完善 现代 一步 重要 管理 群众 进一 事业 市场 增长 支持 努力 增加 进行 服务 扩大 实施 体制 水平 关系 稳定 重大 代化 中央 技术 领导',
  '国际 一个 的基 解决 重点 生活 推动 政治 展的 取得 计划 建立 教育 文化 大的 地区 结构 业的 体系 发挥',
  ]
    .join(' ')
    .split(' '),
)
