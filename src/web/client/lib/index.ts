/** The browser helpers every page's script uses: the API client, errors for people, announcements, DOM building. */
export { api, apiResponse, ApiError, API_BASE, csrfToken, uploadWithProgress, type ApiOptions, type ErrorEnvelope } from './api'
export { announce } from './announce'
export { append, byId, clear, h, type Content } from './dom'
export { errorDetails, errorMessage, hideError, showError } from './errors'
export { onShortcut } from './shortcuts'
export { beijingTime } from './time'
