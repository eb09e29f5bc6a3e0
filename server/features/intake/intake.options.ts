// What the intake routes are configured with (server/main.ts passes them from the environment).

export interface IntakeOptions {
  /** PUBLIC_URL: public links and their QR codes point to <publicUrl>/r/<slug>. */
  publicUrl: string
  /** The Telegram bot (TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, TELEGRAM_API_URL); absent: no bot. */
  telegram?: { botToken: string; webhookSecret: string; apiUrl: string } | undefined
  /** The SMS gateway (SMS_WEBHOOK_SECRET, SMS_GATEWAY_URL); absent: no SMS intake. */
  sms?: { webhookSecret: string; gatewayUrl: string | undefined } | undefined
  /** The clock (receipts, rate windows, challenge expiry); tests pass their own. */
  now?: () => Date
}
