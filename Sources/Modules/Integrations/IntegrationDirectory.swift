import CRMCore
import Foundation
import Providers
import Messaging
import Billing

/// The directories the messages and payments modules ask at send and payment time, answered
/// from the stored integration settings: the enabled provider of a channel becomes a real client
/// over the shared transport. Read (and the secrets opened) at every call, so a changed or
/// disabled integration applies to the very next attempt; no cache to invalidate.
public struct IntegrationDirectory: MessageSenderDirectory, TelegramBotDirectory, PaymentProviderDirectory {
    let database: Database
    let vault: IntegrationVault
    let clients: ProviderClients
    let clock: any AppClock

    public init(database: Database, secretKey: String, clients: ProviderClients, clock: any AppClock) {
        self.database = database
        vault = IntegrationVault(secretKey: secretKey)
        self.clients = clients
        self.clock = clock
    }

    func repository(_ tenant: TenantID) -> IntegrationsRepository { IntegrationsRepository(sql: database.sql, tenantId: tenant) }

    public func sender(for channel: MessageChannel, tenant: TenantID) async throws -> (any MessageSender)? {
        guard let integration = try await repository(tenant).enabled(on: channel) else { return nil }
        guard let opened = try? vault.open(integration) else {
            return UnreadableCredentialsSender(provider: integration.provider.rawValue, channel: channel)
        }
        let clock = clock
        return clients.sender(opened, now: { clock.now() })
    }

    public func telegramBot(tenant: TenantID) async throws -> TelegramBotIdentity? {
        // A secret that does not open cannot be matched: the webhook then answers as if there were no bot.
        guard let integration = try await repository(tenant).find(.telegram), integration.enabled,
            let sealed = integration.sealedSecrets[TelegramWebhookSecret.field], let secret = try? vault.box.open(sealed)
        else { return nil }
        return TelegramBotIdentity(webhookSecret: secret, username: integration.text("botUsername"))
    }

    public func telegramAPI(tenant: TenantID) async throws -> TelegramBotAPI? {
        guard let integration = try await repository(tenant).find(.telegram), integration.enabled,
            let token = try? vault.open(integration).secret("botToken")
        else { return nil }
        return clients.telegramAPI(token: token)
    }

    public func paymentProvider(_ kind: PaymentProviderKind, tenant: TenantID) async throws -> (any PaymentProvider)? {
        let provider: IntegrationProvider = kind == .yookassa ? .yookassa : .stripe
        guard let integration = try await repository(tenant).find(provider), integration.enabled else { return nil }
        guard let opened = try? vault.open(integration) else {
            throw PaymentProviderError(
                .permanent, provider: provider.rawValue, code: "credentials_unreadable", message: UnreadableCredentialsSender.explanation)
        }
        return kind == .yookassa ? clients.yookassa(opened) : clients.stripe(opened)
    }

    public func stripeWebhookSecret(tenant: TenantID) async throws -> String? {
        guard let integration = try await repository(tenant).find(.stripe), integration.enabled,
            let sealed = integration.sealedSecrets["webhookSecret"]
        else { return nil }
        return try? vault.box.open(sealed)
    }

    /// Public by design (the payer's page hands it to Stripe.js), so a plain setting.
    public func stripePublishableKey(tenant: TenantID) async throws -> String? {
        guard let integration = try await repository(tenant).find(.stripe), integration.enabled else { return nil }
        return integration.text("publishableKey")
    }
}

/// Stands in for a provider whose stored credentials no longer open (the server's `SECRET_KEY`
/// changed): every send fails permanently with the explanation, so the message falls back to the
/// next channel and its error tells the owner what to do, instead of the job retrying in vain.
struct UnreadableCredentialsSender: MessageSender {
    static let explanation = "the stored credentials cannot be decrypted with this server's SECRET_KEY; set them again"

    let provider: String
    let channel: MessageChannel

    func send(_ message: OutboundMessage) async throws -> MessageReceipt {
        throw MessageSendError(.invalidRequest, provider: provider, message: Self.explanation)
    }

    func status(providerMessageId: String) async throws -> DeliveryStatus? {
        throw MessageSendError(.invalidRequest, provider: provider, message: Self.explanation)
    }
}
