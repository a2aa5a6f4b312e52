import Foundation

/// Where each provider's API is reached. The defaults are the providers' public endpoints; a
/// deployment can point one elsewhere (SMS Aero's backup gate, a local Telegram Bot API server,
/// a recording proxy) and tests point them at local fake servers.
public struct ProviderEndpoints: Sendable, Equatable {
    public var smsaero: URL
    public var smsc: URL
    /// nil: the base URL of the studio's Mailgun region (US or EU).
    public var mailgun: URL?
    public var telegram: URL
    public var yookassa: URL
    public var stripe: URL
    /// Yandex SmartCaptcha's server-side check (the storefront's captcha).
    public var smartcaptcha: URL = SmartCaptchaClient.defaultBaseURL

    public init(
        smsaero: URL = SMSAeroSender.defaultBaseURL, smsc: URL = SMSCSender.defaultBaseURL, mailgun: URL? = nil,
        telegram: URL = TelegramBotSender.defaultBaseURL, yookassa: URL = YooKassaClient.defaultBaseURL, stripe: URL = StripeClient.defaultBaseURL
    ) {
        self.smsaero = smsaero
        self.smsc = smsc
        self.mailgun = mailgun
        self.telegram = telegram
        self.yookassa = yookassa
        self.stripe = stripe
    }

    /// Every provider at one base URL (a test's fake server, which tells them apart by path).
    public init(all url: URL) {
        self.init(smsaero: url, smsc: url, mailgun: url, telegram: url, yookassa: url, stripe: url)
        smartcaptcha = url
    }
}
