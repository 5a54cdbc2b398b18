"""A Stripe-compatible test server for what CollabMarket calls: Checkout, PaymentIntents,
refunds, Connect accounts and onboarding links, transfers and reversals, events, idempotent
requests and signed webhooks. See README.md."""
