import { http } from './http'

/** Starts (or resumes) the creator's payout setup: where to send them (the provider's page, or the sandbox's). */
export async function startPayoutOnboarding(): Promise<{ url: string }> {
  return (await http.post<{ url: string }>('/api/v1/me/payouts/onboarding')).data
}

/** The sandbox's "finish onboarding" click: the account can now receive payouts. */
export async function enableSandboxPayouts(accountId: string): Promise<void> {
  await http.post(`/api/v1/sandbox/payout-accounts/${encodeURIComponent(accountId)}/enable`)
}
