import CRMCore
import Foundation
import Providers

/// Why a provider call of the integrations failed, in one shape for messaging and payment
/// providers: the reason (`auth_rejected`, `timeout`, …), whether trying again later may help,
/// the provider's code and its text with every credential cut out.
struct IntegrationProviderFailure: Error, Sendable, Equatable, Encodable {
    let reason: String
    let temporary: Bool
    let code: String?
    let message: String

    init(reason: String, temporary: Bool, code: String?, message: String) {
        self.reason = reason
        self.temporary = temporary
        self.code = code
        self.message = message
    }

    init(_ error: any Error, secrets: [String]) {
        switch error {
        case let error as MessageSendError:
            self.init(
                reason: error.reason.rawValue, temporary: error.kind == .temporary, code: error.code,
                message: ProviderText.clean(error.message, secrets: secrets))
        case let error as PaymentProviderError:
            let code = error.code ?? ""
            let reason =
                switch error.kind {
                case .temporary: ["timeout", "connection"].contains(code) ? code : "provider_unavailable"
                case .permanent, .declined:
                    ["401", "403", "invalid_credentials", "api_key_expired", "forbidden"].contains(code) ? "auth_rejected" : "invalid_request"
                }
            self.init(
                reason: reason, temporary: error.kind == .temporary, code: error.code, message: ProviderText.clean(error.message, secrets: secrets))
        default:
            self.init(reason: "provider_unavailable", temporary: true, code: nil, message: "the provider could not be reached")
        }
    }

    /// Refused for good (`422 provider_rejected`) or not reachable now (`502 provider_unavailable`).
    func appError(_ provider: IntegrationProvider) -> AppError {
        let details: [String: JSONValue] = [
            "provider": .string(provider.rawValue), "reason": .string(reason), "providerMessage": .string(message),
        ]
        return temporary
            ? AppError(status: .badGateway, code: "provider_unavailable", messageArguments: ["message": message], details: details)
            : AppError(status: .unprocessableContent, code: "provider_rejected", messageArguments: ["message": message], details: details)
    }
}

/// How the provider answered `POST /integrations/{provider}/test`.
struct IntegrationCheckOutcome: Sendable {
    var failure: IntegrationProviderFailure?
    /// What the provider said about the account (`balance 337.03 RUB`, `@StudioBot`).
    var detail: String?
    /// Settings learned on the way (the Telegram bot's username).
    var learned: [String: JSONValue] = [:]

    var ok: Bool { failure == nil }
}

extension ProviderClients {
    /// A harmless real call to the provider with the stored credentials: nothing is sent, paid or
    /// changed there. Every failure is an outcome, never a thrown error.
    func check(_ opened: OpenedIntegration, now: @escaping @Sendable () -> Date) async -> IntegrationCheckOutcome {
        do {
            switch opened.provider {
            case .smsaero:
                return IntegrationCheckOutcome(detail: "balance \(try await smsaero(opened).balance())")
            case .smsc:
                return IntegrationCheckOutcome(detail: "balance \(try await smsc(opened).balance())")
            case .mailgun:
                let state = try await mailgun(opened).domainState()
                guard state == "active" else {
                    return IntegrationCheckOutcome(
                        failure: .init(
                            reason: "domain_not_active", temporary: false, code: state, message: "the domain is \(state) at Mailgun, not active"))
                }
                return IntegrationCheckOutcome(detail: "domain \(opened.setting("domain")) active")
            case .smtp:
                let configuration = smtpConfiguration(opened)
                try await SMTPEmailSender(transport: smtp, configuration: configuration, now: now).verifyConnection()
                let server = configuration.server
                return IntegrationCheckOutcome(
                    detail: "\(server.host):\(server.port) " + (server.username == nil ? "connected" : "accepted the login"))
            case .telegram:
                let bot = try await telegramAPI(token: opened.secret("botToken")).getMe()
                return IntegrationCheckOutcome(
                    detail: bot.username.map { "@\($0)" } ?? bot.firstName, learned: bot.username.map { ["botUsername": .string($0)] } ?? [:])
            case .yookassa:
                let shop = try await yookassa(opened).shop()
                if let status = shop.status, status != "enabled" {
                    return IntegrationCheckOutcome(
                        failure: .init(reason: "shop_not_enabled", temporary: false, code: status, message: "the shop is \(status) at YooKassa"))
                }
                return IntegrationCheckOutcome(detail: "shop \(shop.accountId)" + (shop.test ? " (test)" : ""))
            case .stripe:
                let balance = try await stripe(opened).balance()
                let available = balance.available.map(\.description).joined(separator: ", ")
                return IntegrationCheckOutcome(
                    detail: "available \(available.isEmpty ? "0" : available)" + (balance.livemode ? "" : " (test mode)"))
            }
        } catch {
            return IntegrationCheckOutcome(failure: IntegrationProviderFailure(error, secrets: opened.secretValues))
        }
    }
}
