/**
 * The gate before review (issue #12): a draft goes to 审核 and to 签发 only with its open issues in
 * view. 提交审核 shows the must-fix issues and the 【待补】 left; the office's `reviewGate` setting
 * decides whether each refuses or only warns. 签发 always refuses while either remains: a signature
 * is the office's word that the text is final.
 */
import type { Issue } from '../checks'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { checkDraft } from '../drafts'

/** standard: must-fix refuses, 【待补】 warns (the default); strict: both refuse; warn: both only warn. */
export { REVIEW_GATES, type ReviewGate } from '../db/schema'
import type { ReviewGate } from '../db/schema'

/** The rule that reports 【待补】: counted on its own, so an office can let them through review. */
const PENDING_RULE = 'placeholders.pending'
/** Enough for a person to act on; the counts are always complete. */
const LISTED = 50

export interface GateIssue {
  ruleId: string
  level: Issue['level']
  start: number
  end: number
  excerpt: string
  message: string
}

export interface GateReport {
  mustFix: number
  pending: number
  /** What the gate found, must-fix issues first; at most LISTED of each. */
  issues: (GateIssue & { kind: 'must-fix' | 'pending' })[]
  /** Sentences for a person when the transition went ahead anyway. */
  warnings: string[]
}

const view = (i: Issue): GateIssue => ({ ruleId: i.ruleId, level: i.level, start: i.start, end: i.end, excerpt: i.excerpt, message: i.message })

/** Checks the draft as it stands (the office's lexicons, its default typo sensitivity). */
async function inspect(ctx: Ctx, draftId: string) {
  try {
    const { issues } = await checkDraft(ctx, draftId)
    return {
      mustFix: issues.filter((i) => i.level === 'must-fix' && i.ruleId !== PENDING_RULE),
      pending: issues.filter((i) => i.ruleId === PENDING_RULE),
    }
  } catch (e) {
    if (e instanceof AppError && e.code === 'PRECONDITION_FAILED') throw new AppError('PRECONDITION_FAILED', '文稿还没有正文，不能送审或签发')
    throw e
  }
}

/**
 * Runs the gate for a transition. Refuses (412, every blocking issue in details.issues) when the
 * action may not go ahead; otherwise returns what was found, with warnings, for the response.
 */
export async function reviewGate(ctx: Ctx, draftId: string, action: 'submit' | 'approve' | 'sign', setting: ReviewGate): Promise<GateReport> {
  const found = await inspect(ctx, draftId)
  const refuseMustFix = action === 'sign' || (action === 'submit' && setting !== 'warn')
  const refusePending = action === 'sign' || (action === 'submit' && setting === 'strict')
  const report: GateReport = {
    mustFix: found.mustFix.length,
    pending: found.pending.length,
    issues: [
      ...found.mustFix.slice(0, LISTED).map((i) => ({ kind: 'must-fix' as const, ...view(i) })),
      ...found.pending.slice(0, LISTED).map((i) => ({ kind: 'pending' as const, ...view(i) })),
    ],
    warnings: [],
  }
  const mustFixText = `${report.mustFix} 处必须修改的问题`
  const pendingText = `${report.pending} 处【待补】`
  const blocking = [refuseMustFix && report.mustFix ? mustFixText : null, refusePending && report.pending ? pendingText : null].filter((x) => x !== null)
  if (blocking.length) {
    const verb = action === 'sign' ? '签发' : '提交审核'
    const issues = report.issues.filter((i) => (i.kind === 'must-fix' ? refuseMustFix : refusePending))
    throw new AppError('PRECONDITION_FAILED', `文稿还有${blocking.join('、')}，不能${verb}；请先修改或补充`, {
      action,
      reviewGate: setting,
      mustFix: report.mustFix,
      pending: report.pending,
      issues,
    })
  }
  if (report.mustFix) report.warnings.push(`文稿还有${mustFixText}，请在签发前修改`)
  if (report.pending) report.warnings.push(`文稿还有${pendingText}，请在签发前补充`)
  return report
}
