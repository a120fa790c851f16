/** Defects the 工作台 audit found that only a browser shows (issue #15). */
import { describe, expect, it } from 'vitest'
import { signIn, useBrowser, wenfu } from './browser'

const { person } = useBrowser()

describe('the hidden attribute', () => {
  it('hides what a page hides, even where a stylesheet sets display (审校: 应用全部确定修改 before a check)', async () => {
    const { page } = await person()
    await signIn(page, wenfu().tokens.drafter, '/check')
    const fixAll = page.locator('#check-fix-all')
    expect(await fixAll.getAttribute('hidden')).not.toBeNull()
    expect(await fixAll.isVisible()).toBe(false)
  })
})
