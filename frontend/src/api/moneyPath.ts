import { http } from './http'
import type { CollaborationDetail, Ledger, RevisionFeedback, ShippingProblem } from './types'

const BASE = '/api/v1/collaborations'

/**
 * The steps after acceptance. Each answers with the collaboration as it now stands
 * (403 for the wrong side, 409 for the wrong moment, 422 for input that does not fit).
 */
export type MoneyStepCommand =
  | { step: 'sandbox-payment' }
  | { step: 'renew-funding' }
  | { step: 'ship'; carrier: string; tracking_number: string }
  | { step: 'confirm-receipt' }
  | { step: 'report-problem'; problem: ShippingProblem; note: string | null }
  | { step: 'approve' }
  | { step: 'request-revision'; feedback: RevisionFeedback[] }
  | { step: 'extend-deadline'; until: string }
  | { step: 'cancel-missed-deadline' }
  | { step: 'propose-cancel' }
  | { step: 'accept-cancel' }
  | { step: 'decline-cancel' }
  | { step: 'open-dispute'; reason: string }

export type MoneyStep = MoneyStepCommand['step']

const STEP_PATHS: Record<MoneyStep, string> = {
  'sandbox-payment': 'funding/sandbox-payment',
  'renew-funding': 'funding/renewal',
  ship: 'shipment',
  'confirm-receipt': 'shipment/receipt',
  'report-problem': 'shipment/problem',
  approve: 'approval',
  'request-revision': 'revision-request',
  'extend-deadline': 'deadline',
  'cancel-missed-deadline': 'missed-deadline-cancellation',
  'propose-cancel': 'cancellation',
  'accept-cancel': 'cancellation/acceptance',
  'decline-cancel': 'cancellation/refusal',
  'open-dispute': 'dispute',
}

export async function moneyStep(id: string, command: MoneyStepCommand): Promise<CollaborationDetail> {
  const { step, ...body } = command
  const url = `${BASE}/${encodeURIComponent(id)}/${STEP_PATHS[step]}`
  const res = await http.post<CollaborationDetail>(url, Object.keys(body).length ? body : undefined)
  return res.data
}

export async function getLedger(id: string): Promise<Ledger> {
  return (await http.get<Ledger>(`${BASE}/${encodeURIComponent(id)}/ledger`)).data
}
