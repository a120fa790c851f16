/**
 * CodeMirror's own words in Chinese: every phrase @codemirror/search, lint, merge, view, language
 * and commands put on screen or announce (their `state.phrase(...)` keys, CodeMirror 6). Added to every
 * EditorView and both sides of every MergeView the 工作台 creates, so nobody meets English there.
 */
import { EditorState } from '@codemirror/state'

export const ZH_PHRASES: Record<string, string> = {
  // @codemirror/search
  Find: '查找',
  Replace: '替换为',
  next: '下一个',
  previous: '上一个',
  all: '全部选中',
  'match case': '区分大小写',
  regexp: '正则表达式',
  'by word': '整词匹配',
  replace: '替换',
  'replace all': '全部替换',
  close: '关闭',
  'current match': '当前匹配',
  'on line': '位于第',
  'replaced match on line $': '已替换第 $ 行的匹配',
  'replaced $ matches': '已替换 $ 处匹配',
  'Go to line': '跳到行',
  go: '跳转',
  // @codemirror/lint
  Diagnostics: '检查结果',
  'No diagnostics': '没有发现问题',
  // @codemirror/merge
  '$ unchanged lines': '$ 行未改动',
  'Revert this chunk': '撤回这处改动',
  Accept: '接受',
  Reject: '拒绝',
  // @codemirror/view, language, commands
  'Control character': '控制字符',
  'Selection deleted': '已删除所选内容',
  'Folded lines': '已折叠行',
  'Unfolded lines': '已展开行',
  to: '至',
  'folded code': '已折叠的内容',
  unfold: '展开',
  'Fold line': '折叠',
  'Unfold line': '展开',
}

export const zhPhrases = EditorState.phrases.of(ZH_PHRASES)
