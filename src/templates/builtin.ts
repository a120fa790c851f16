/**
 * The templates shipped with Wenfu: prompts/*.md, bundled as text by wrangler's
 * `[[rules]] type = "Text"` rule (also honoured by the vitest pool). Adding a file means adding
 * it here: Workers cannot list a directory at run time.
 */
import baogao from '../../prompts/baogao.md'
import diaoyanBaogao from '../../prompts/diaoyan-baogao.md'
import duchaTongbao from '../../prompts/ducha-tongbao.md'
import han from '../../prompts/han.md'
import jianbao from '../../prompts/jianbao.md'
import jianghua from '../../prompts/jianghua.md'
import jiyao from '../../prompts/jiyao.md'
import pifu from '../../prompts/pifu.md'
import qingshi from '../../prompts/qingshi.md'
import tongbao from '../../prompts/tongbao.md'
import tongzhi from '../../prompts/tongzhi.md'
import yijian from '../../prompts/yijian.md'
import zhengwuXinxi from '../../prompts/zhengwu-xinxi.md'
import zhuanbao from '../../prompts/zhuanbao.md'

export const BUILTIN_SOURCES: readonly string[] = [
  jianghua,
  diaoyanBaogao,
  zhengwuXinxi,
  jianbao,
  zhuanbao,
  duchaTongbao,
  tongzhi,
  qingshi,
  baogao,
  han,
  jiyao,
  yijian,
  tongbao,
  pifu,
]
