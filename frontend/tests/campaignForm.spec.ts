import { describe, expect, it } from 'vitest'
import type { CampaignPublic } from '../src/api/types'
import {
  blankCampaignForm,
  buildCampaignPayload,
  campaignToForm,
  changedFields,
  resolveCampaignField,
  type CampaignForm,
} from '../src/utils/campaignForm'
import { campaignActionsFor } from '../src/utils/campaignLifecycle'
import { isoToLocalInput, localInputToIso } from '../src/utils/datetime'

const NOW = new Date(2030, 0, 1, 12, 0)

function filled(overrides: Partial<CampaignForm> = {}): CampaignForm {
  return {
    ...blankCampaignForm(),
    title: '  Summer launch ',
    brief: 'Show our **new** bottle.',
    amount: '1,250.50',
    currency: 'eur',
    deadline: '2030-05-01T18:30',
    niches: 'fitness, travel, fitness',
    targetCountries: 'fr, be',
    targetLanguages: 'FR',
    territories: 'fr',
    ...overrides,
  }
}

describe('datetime helpers', () => {
  it('reads a datetime-local value in the browser timezone and writes an ISO string with its offset', () => {
    const iso = localInputToIso('2030-05-01T18:30')
    expect(iso).toMatch(/^2030-05-01T18:30:00[+-]\d{2}:\d{2}$/)
    expect(new Date(iso!).getTime()).toBe(new Date(2030, 4, 1, 18, 30).getTime())
    expect(isoToLocalInput(iso)).toBe('2030-05-01T18:30')
  })

  it('rejects empty and impossible values', () => {
    expect(localInputToIso('')).toBeNull()
    expect(localInputToIso('2030-02-31T10:00')).toBeNull()
    expect(localInputToIso('tomorrow')).toBeNull()
    expect(isoToLocalInput('nope')).toBe('')
  })
})

describe('buildCampaignPayload', () => {
  it('builds a fixed compensation in minor units with trimmed, normalised fields', () => {
    const { payload, problems } = buildCampaignPayload(filled(), NOW)
    expect(problems).toEqual({})
    expect(payload.title).toBe('Summer launch')
    expect(payload.compensation).toEqual({ type: 'fixed', amount: 125050, currency: 'EUR' })
    expect(payload.niches).toEqual(['fitness', 'travel'])
    expect(payload.target_countries).toEqual(['FR', 'BE'])
    expect(payload.target_languages).toEqual(['fr'])
    expect(payload.usage_rights).toEqual({ paid_ads: false, duration_months: 0, territories: ['FR'], raw_footage: false })
    expect(payload.deliverables).toEqual([{ type: 'video', platform: 'tiktok', count: 1, notes: null }])
    expect(new Date(payload.application_deadline).getTime()).toBe(new Date(2030, 4, 1, 18, 30).getTime())
    expect(payload).toMatchObject({ slots: 1, delivery_window_days: 14, max_revisions: 2, review_window_hours: 72 })
  })

  it('builds a range compensation and checks min ≤ max', () => {
    const ok = buildCampaignPayload(filled({ compensationType: 'range', min: '300', max: '800.5' }), NOW)
    expect(ok.problems).toEqual({})
    expect(ok.payload.compensation).toEqual({ type: 'range', min: 30000, max: 80050, currency: 'EUR' })
    const bad = buildCampaignPayload(filled({ compensationType: 'range', min: '900', max: '800' }), NOW)
    expect(bad.problems['compensation.max']).toMatch(/below the minimum/)
  })

  it('uses the currency exponent (JPY has no decimals)', () => {
    const { payload } = buildCampaignPayload(filled({ amount: '5000', currency: 'JPY' }), NOW)
    expect(payload.compensation).toEqual({ type: 'fixed', amount: 5000, currency: 'JPY' })
    const bad = buildCampaignPayload(filled({ amount: '50.5', currency: 'JPY' }), NOW)
    expect(bad.problems['compensation.amount']).toBeTruthy()
  })

  it('reports problems under the API field paths', () => {
    const form = filled({
      title: ' ',
      amount: 'abc',
      deadline: '2029-01-01T10:00',
      deliveryDays: 400,
      reviewHours: 10,
      slots: 0,
      targetCountries: 'France',
    })
    form.deliverables[0]!.count = ''
    const { problems } = buildCampaignPayload(form, NOW)
    expect(Object.keys(problems).sort()).toEqual(
      [
        'application_deadline',
        'compensation.amount',
        'deliverables.0.count',
        'delivery_window_days',
        'review_window_hours',
        'slots',
        'target_countries',
        'title',
      ].sort(),
    )
    expect(problems.application_deadline).toMatch(/future/)
  })

  it('requires at least one deliverable', () => {
    const { problems } = buildCampaignPayload(filled({ deliverables: [] }), NOW)
    expect(problems.deliverables).toBeTruthy()
  })
})

function campaign(): CampaignPublic {
  const { payload } = buildCampaignPayload(filled(), NOW)
  return {
    ...payload,
    id: 'c1',
    brand_id: 'b1',
    status: 'open',
    version: 1,
    platforms: ['tiktok'],
    slots_filled: 0,
    published_at: null,
    created_at: '',
    updated_at: '',
    application_deadline: new Date(payload.application_deadline).toISOString(),
  }
}

describe('editing a campaign', () => {
  it('round-trips a saved campaign through the form without changes', () => {
    const saved = campaign()
    const { payload, problems } = buildCampaignPayload(campaignToForm(saved), NOW)
    expect(problems).toEqual({})
    expect(changedFields(saved, payload)).toEqual({})
  })

  it('sends only the changed fields', () => {
    const saved = campaign()
    const form = campaignToForm(saved)
    form.amount = '2000'
    form.title = 'New title'
    const patch = changedFields(saved, buildCampaignPayload(form, NOW).payload)
    expect(patch).toEqual({ title: 'New title', compensation: { type: 'fixed', amount: 200000, currency: 'EUR' } })
  })

  it('maps the compensation union tag out of API error paths', () => {
    expect(resolveCampaignField('compensation.fixed.amount')).toBe('compensation.amount')
    expect(resolveCampaignField('deliverables.1.count')).toBe('deliverables.1.count')
  })

  it('offers the lifecycle actions of each status', () => {
    expect(campaignActionsFor('draft')).toEqual(['publish', 'archive'])
    expect(campaignActionsFor('open')).toEqual(['pause', 'close'])
    expect(campaignActionsFor('paused')).toEqual(['resume', 'close'])
    expect(campaignActionsFor('closed')).toEqual(['archive'])
    expect(campaignActionsFor('archived')).toEqual([])
  })
})
