import { AxiosError, AxiosHeaders } from 'axios'
import MockAdapter from 'axios-mock-adapter'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, watch } from 'vue'
import { fetchFileUrl, uploadClient } from '../src/api/deliveries'
import { http } from '../src/api/http'
import { UPLOADS_FAILED_MESSAGE, uploadErrorMessage, useDeliveryUpload } from '../src/composables/useDeliveryUpload'
import { useFileUrl } from '../src/composables/useFileUrl'
import { useCollaborationsStore } from '../src/stores/collaborations'
import { sha256Hex } from '../src/utils/fileHash'
import { authHeader, errorBody, moneyCollab } from './fixtures'

let api: MockAdapter
let storage: MockAdapter

beforeEach(() => {
  setActivePinia(createPinia())
  api = new MockAdapter(http)
  storage = new MockAdapter(uploadClient)
})
afterEach(() => {
  api.restore()
  storage.restore()
})

const video = () => new File([new Uint8Array([1, 2, 3])], 'take1.mp4', { type: 'video/mp4' })
const photo = () => new File([new Uint8Array([4, 5])], 'still.png', { type: 'image/png' })
const fakeHash = async (file: File) => `sha-of-${file.name}`

/** The API's answers to "declare an upload", one signed URL per file. */
function acceptDeclarations(): void {
  let n = 0
  api.onPost('/api/v1/collaborations/k1/uploads').reply(() => {
    n += 1
    return [201, { id: `up${n}`, upload: { url: `https://storage.test/put/${n}?sig=x`, method: 'PUT', headers: { 'Content-Type': 'video/mp4', 'Content-Length': '3' } } }]
  })
}

describe('delivery upload', () => {
  it('declares, sends and completes each file, then submits the delivery', async () => {
    acceptDeclarations()
    storage.onPut(/https:\/\/storage\.test\/put\/\d\?sig=x/).reply(200)
    api.onPost(/\/api\/v1\/uploads\/up\d\/complete/).reply(200, {})
    api.onPost('/api/v1/collaborations/k1/deliveries').reply(200, moneyCollab({ status: 'in_review' }))
    const upload = useDeliveryUpload(() => 'k1', fakeHash)

    expect(upload.add([video(), photo(), new File(['x'], 'notes.pdf', { type: 'application/pdf' })])).toEqual(['notes.pdf'])
    const detail = await upload.submit('Here it is', [0, 1])

    expect(detail.status).toBe('in_review')
    expect(useCollaborationsStore().current?.status).toBe('in_review')
    expect(JSON.parse(api.history.post[0]!.data as string)).toEqual({
      filename: 'take1.mp4',
      content_type: 'video/mp4',
      size: 3,
      sha256: 'sha-of-take1.mp4',
    })
    const sent = storage.history.put[0]!
    expect(sent.url).toBe('https://storage.test/put/1?sig=x')
    expect(authHeader(sent)).toBeUndefined()
    expect((sent.headers as Record<string, unknown>)['Content-Type']).toBe('video/mp4')
    expect(sent.headers).not.toHaveProperty('Content-Length')
    expect(sent.data).toBeInstanceOf(File)
    // The order of the calls: declare, send, complete for each file, then the delivery.
    expect(api.history.post.map((c) => c.url)).toEqual([
      '/api/v1/collaborations/k1/uploads',
      '/api/v1/uploads/up1/complete',
      '/api/v1/collaborations/k1/uploads',
      '/api/v1/uploads/up2/complete',
      '/api/v1/collaborations/k1/deliveries',
    ])
    expect(JSON.parse(api.history.post[4]!.data as string)).toEqual({ upload_ids: ['up1', 'up2'], note: 'Here it is', checklist: [0, 1] })
    expect(upload.items.value.map((i) => [i.state, i.progress])).toEqual([
      ['done', 1],
      ['done', 1],
    ])
  })

  it('keeps the error of a file whose bytes do not match, and retries only that file', async () => {
    acceptDeclarations()
    storage.onPut(/storage\.test/).reply(200)
    api.onPost('/api/v1/uploads/up1/complete').reply(200, {})
    api
      .onPost('/api/v1/uploads/up2/complete')
      .replyOnce(422, errorBody('upload_mismatch', 'The stored file does not match what was declared.', [{ field: 'sha256', message: 'expected sha-of-still.png' }]))
    const upload = useDeliveryUpload(() => 'k1', fakeHash)
    upload.add([video(), photo()])

    await expect(upload.submit(null, [])).rejects.toThrow(UPLOADS_FAILED_MESSAGE)
    expect(api.history.post.some((c) => c.url?.endsWith('/deliveries'))).toBe(false)
    const [first, second] = upload.items.value
    expect(first!.state).toBe('done')
    expect(second!.state).toBe('failed')
    expect(second!.error).toBe('The stored file does not match what was declared. (sha256: expected sha-of-still.png)')

    api.onPost('/api/v1/uploads/up3/complete').reply(200, {})
    api.onPost('/api/v1/collaborations/k1/deliveries').reply(200, moneyCollab({ status: 'in_review' }))
    await upload.submit(null, [])
    const declared = api.history.post.filter((c) => c.url === '/api/v1/collaborations/k1/uploads')
    expect(declared).toHaveLength(3)
    expect(JSON.parse(api.history.post.at(-1)!.data as string).upload_ids).toEqual(['up1', 'up3'])
  })

  it('reports a failed transfer to storage on its file, and a refused delivery', async () => {
    acceptDeclarations()
    storage.onPut(/storage\.test/).networkErrorOnce()
    const upload = useDeliveryUpload(() => 'k1', fakeHash)
    upload.add([video()])
    await expect(upload.submit(null, [])).rejects.toThrow(UPLOADS_FAILED_MESSAGE)
    expect(upload.items.value[0]!.error).toBe('Cannot reach the server, try again.')

    storage.onPut(/storage\.test/).reply(200)
    api.onPost(/complete/).reply(200, {})
    api.onPost('/api/v1/collaborations/k1/deliveries').reply(409, errorBody('invalid_state', 'Not in production.'))
    await expect(upload.submit(null, [])).rejects.toMatchObject({ response: { status: 409 } })
    expect(upload.busy.value).toBe(false)
  })

  it('refuses to submit nothing', async () => {
    const upload = useDeliveryUpload(() => 'k1', fakeHash)
    await expect(upload.submit(null, [])).rejects.toThrow('Add at least one file.')
  })

  it('hashes a file with SHA-256 in hex', async () => {
    const file = new File([new TextEncoder().encode('abc')], 'abc.txt')
    expect(await sha256Hex(file)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
})

describe('delivered files', () => {
  it('turns the fetched bytes into a blob URL, sent with the bearer and no cookies', async () => {
    api.onGet('/api/v1/collaborations/k1/files/f1/preview').reply(200, new Blob(['img'], { type: 'image/png' }))
    const file = await fetchFileUrl('k1', 'f1', 'preview')
    expect(file.local).toBe(true)
    expect(file.url).toMatch(/^blob:/)
    expect(api.history.get[0]!.responseType).toBe('blob')
    expect(api.history.get[0]!.withCredentials).toBe(false)
    URL.revokeObjectURL(file.url)
  })

  it('uses the URL directly when the API answers with JSON', async () => {
    const body = new Blob([JSON.stringify({ url: 'https://storage.test/get/f1?sig=y' })], { type: 'application/json' })
    api.onGet('/api/v1/collaborations/k1/files/f1/original').reply(200, body)
    expect(await fetchFileUrl('k1', 'f1', 'original')).toEqual({ url: 'https://storage.test/get/f1?sig=y', local: false })
  })

  it('reads the JSON error out of a blob answer', async () => {
    const body = new Blob([JSON.stringify(errorBody('forbidden', 'The originals unlock on approval.'))], { type: 'application/json' })
    api.onGet('/api/v1/collaborations/k1/files/f1/original').reply(403, body)
    await expect(fetchFileUrl('k1', 'f1', 'original')).rejects.toMatchObject({
      response: { data: { error: { message: 'The originals unlock on approval.' } } },
    })
  })
})

const PREVIEW = '/api/v1/collaborations/k1/files/f1/preview'
const jsonUrl = (url: string) => new Blob([JSON.stringify({ url })], { type: 'application/json' })
const jsonError = (code: string, message: string) => new Blob([JSON.stringify(errorBody(code, message))], { type: 'application/json' })

/** useFileUrl in a mounted component (it revokes its blob URL on unmount). */
function mountFileUrl(kind: 'preview' | 'original', patienceMs = 1000) {
  let state!: ReturnType<typeof useFileUrl>
  const wrapper = mount(
    defineComponent({
      setup() {
        state = useFileUrl(() => fetchFileUrl('k1', 'f1', kind), { retryMs: 5, patienceMs })
        return () => h('div')
      },
    }),
  )
  return { wrapper, state }
}

describe('useFileUrl', () => {
  it('asks again while the preview is being made, then shows it', async () => {
    api
      .onGet(PREVIEW)
      .replyOnce(409, jsonError('preview_not_ready', 'The preview is still being made.'))
      .onGet(PREVIEW)
      .replyOnce(409, jsonError('preview_not_ready', 'The preview is still being made.'))
      .onGet(PREVIEW)
      .replyOnce(200, jsonUrl('https://storage.test/get/f1-preview'))
    const { state } = mountFileUrl('preview')

    const making: boolean[] = []
    watch(state.making, (value) => making.push(value), { flush: 'sync' })

    expect(await state.load()).toBe('https://storage.test/get/f1-preview')
    expect(state.url.value).toBe('https://storage.test/get/f1-preview')
    expect(making).toEqual([true, false])
    expect(state.error.value).toBeNull()
    expect(api.history.get).toHaveLength(3)
  })

  it('does not ask again for a refusal', async () => {
    api.onGet('/api/v1/collaborations/k1/files/f1/original').reply(403, jsonError('originals_locked', 'Approve first.'))
    const { state } = mountFileUrl('original')

    expect(await state.load()).toBeNull()
    expect(state.error.value).toBe('Approve first.')
    expect(api.history.get).toHaveLength(1)
  })

  it('gives up after a while, with the reason', async () => {
    api.onGet(PREVIEW).reply(409, jsonError('preview_not_ready', 'The preview is still being made.'))
    const { state } = mountFileUrl('preview', 30)

    expect(await state.load()).toBeNull()
    expect(state.error.value).toBe('The preview is still being made.')
    expect(state.making.value).toBe(false)
  })

  it('stops asking when the page is left', async () => {
    api.onGet(PREVIEW).reply(409, jsonError('preview_not_ready', 'The preview is still being made.'))
    const { wrapper, state } = mountFileUrl('preview', 60_000)

    const loading = state.load()
    await vi.waitFor(() => expect(state.making.value).toBe(true))
    wrapper.unmount()
    expect(await loading).toBeNull()
    await flushPromises()
    const asked = api.history.get.length
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(api.history.get).toHaveLength(asked)
  })
})

describe('uploadErrorMessage', () => {
  it('does not repeat a detail the message already says', () => {
    const config = { headers: new AxiosHeaders() }
    const body = errorBody('validation_error', 'size: Input should be greater than 0', [{ field: 'size', message: 'Input should be greater than 0' }])
    const err = new AxiosError('Request failed', 'ERR_BAD_REQUEST', config, {}, { status: 422, statusText: '', headers: {}, config, data: body })
    expect(uploadErrorMessage(err)).toBe('size: Input should be greater than 0')
  })
})
