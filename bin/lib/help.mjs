// Chinese help: `wenfu help`, and `wenfu help <命令>` / `wenfu <命令> --help` for each command.

export const OVERVIEW = `文辅 wenfu 命令行

用法：wenfu <命令> [参数] [--as 角色] [--json]

知识库
  import     导入范文文件或文件夹（.docx .pdf .ofd .html .md .txt .jsonl）
  search     检索调研发现与范文
  findings   从 JSON / JSONL 文件批量添加调研发现（findings add）

撰写
  templates  模板列表（templates list）与模板详情（templates show <模板id>）
  draft      新建（draft create）、列出（draft list）、查看（draft show）、保存修改（draft save）文稿
  outline    查看提纲（outline <文稿id>）或生成提纲建议（outline propose <文稿id>）
  generate   生成正文，显示逐节进度
  show       以文字显示文稿（--md 为可编辑的 Markdown，改后用 draft save 保存）
  check      审校文件（.txt .md .docx）或文稿
  audit      校验审计哈希链（audit verify）

审批流转（起草 → 审核 → 签发 → 印发）
  submit     提交审核（起草人）
  approve    审核通过（审核人）
  return     退回修改，须写理由 --note（审核人、签发人）
  revise     退回后重新起草（起草人）
  sign       签发（签发人）
  issue      登记印发，公文自动编发文字号（管理员）

通用选项
  --as drafter|reviewer|signer|admin  以 npm run dev 创建的示例成员身份操作（admin 为本地引导令牌）
  --url 地址    --token 令牌    --json 输出原始 JSON
  wenfu help <命令>  查看该命令的说明

连接：--url、环境变量 WENFU_URL，否则自动找到 npm run dev 启动的本地服务（无论端口），
否则 http://127.0.0.1:8787。令牌：--token、--as、环境变量 WENFU_TOKEN，否则 .dev.vars 中的 WENFU_BOOTSTRAP_TOKEN。
`

export const COMMAND_HELP = {
  audit: `wenfu audit verify [--limit 每次条数] [--cursor 游标]
    校验本办公室的审计哈希链：分批请求（每次至多 2 万条），逐批续校到链的最新事件，显示进度；
    发现断点即停下并指出位置。中断后可用显示的游标 --cursor 接着校验。`,
  import: `wenfu import <文件或文件夹…> [--genre 文种] [--sensitivity public|internal|restricted] [--tags 标签1,标签2]
  导入范文（.docx .pdf .ofd .html .md .txt .jsonl），文件夹递归查找；大批量导入显示进度条，结束时汇总导入、跳过（重复）和拒绝的文件及原因。
  --genre        无法从标题判断文种时使用的文种（如 讲话稿、通知）
  --sensitivity  保密级别：public 公开、internal 内部（默认）、restricted 敏感`,
  search: `wenfu search <检索词…> [--kind finding|precedent] [--genre 文种] [--limit N] [--json]
  检索调研发现（finding）与范文（precedent），命中词以【】标出。--limit 最多 50。`,
  findings: `wenfu findings add <文件.json|文件.jsonl> [--survey 课题ID]
  批量添加调研发现。.json 为数组或 {"findings": [...]}；.jsonl 每行一个对象。
  不合格的行（不是 JSON、缺少字段、格式不对）按行号报告，其余照常导入；有被拒绝的行时退出码为 2。`,
  templates: `wenfu templates [list]          列出可用模板（id、文种、名称）
wenfu templates show <模板id>   模板的变量（--var 用的名字、是否必填）、章节和结束语`,
  draft: `wenfu draft create <模板id> [--var 名=值 …] [--title 标题] [--mode assemble|generate]
                   [--finding 调研发现ID …] [--precedent 范文ID …] [--retrieve 检索词 [--limit N]] [--quiet]
  按模板新建文稿。变量用 --var 逐个给出（wenfu templates show <模板id> 查看变量名）；
  材料可逐个指定（--finding、--precedent，可重复），或 --retrieve 按主题检索；都不给时按主题变量检索。
  --mode：assemble 拼装（不用模型，汇编材料）、generate 用模型生成；缺省时配置了模型为生成。--quiet 只输出文稿 id。
wenfu draft list [--status 状态] [--limit N]     列出文稿
wenfu draft show <文稿id> [--md]                  同 wenfu show
wenfu draft save <文稿id> <文件.md> [--var 名=值 …]
  把文件保存为文稿的新版本：首行“# 标题”可改标题，每节以“## 章节标题”开头；标题不变的章节保留原有引用。
  可先用 wenfu show <文稿id> --md > 文稿.md 导出，修改后保存。--var 修改变量（如主送机关 recipients、成文日期 date）。`,
  outline: `wenfu outline <文稿id>            查看提纲：各节标题、要点、分配的材料
wenfu outline propose <文稿id>    生成提纲建议（按模板与材料），生成前可先看看`,
  generate: `wenfu generate <文稿id> [--section 章节id …] [--no-wait]
  启动生成并逐节显示进度，直到完成或失败；失败后再次运行只生成未完成的章节。
  --section 只（重新）生成指定章节；--no-wait 启动后即返回。`,
  show: `wenfu show <文稿id> [--md] [--json]
  以文字显示文稿：状态、版本、标题、主送机关、各节正文、署名日期，以及所用材料（标出内部、敏感材料）。
  --md 输出可编辑的 Markdown（改后用 wenfu draft save 保存）。`,
  check: `wenfu check <文件.txt|.md|.docx 或 文稿id> [--genre 文种] [--sensitive] [--json]
  按审校规则检查，逐条列出级别（必改、存疑、提示）、位置（第几行第几字）、问题、确定的修改建议和依据条款。
  --genre 指定文种（检查文件时）；--sensitive 错别字模型查得更全（多报疑似）。`,
  submit: `wenfu submit <文稿id> [--note 说明]   提交审核（起草人）`,
  approve: `wenfu approve <文稿id> [--note 意见]  审核通过（审核人）`,
  return: `wenfu return <文稿id> --note 退回理由   退回修改（审核人、签发人），理由必填`,
  revise: `wenfu revise <文稿id>                 退回后重新起草（起草人）`,
  sign: `wenfu sign <文稿id> [--note 意见]     签发（签发人）；须基于审核通过的内容`,
  issue: `wenfu issue <文稿id>                  登记印发（管理员）；公文自动编发文字号，如 示区委办发〔2026〕1号`,
}

export function helpFor(command) {
  return COMMAND_HELP[command] ?? OVERVIEW
}
