import CRMCore
import Foundation
import Logging
import Tenancy

/// The studio's integration settings (issue 6): credentials per provider, secrets sealed at rest
/// and write-only in the API, one enabled provider per messaging channel. Every change is one
/// `Database.mutate` (row, audit entry and event together); no snapshot carries a secret. Provider
/// calls (the Telegram bot's registration, checks) happen outside the transaction.
public struct IntegrationsService: Sendable {
    let database: Database
    let vault: IntegrationVault
    let clients: ProviderClients
    /// `PUBLIC_BASE_URL`: Telegram delivers the bot's updates under it.
    let publicBaseURL: String

    public init(database: Database, secretKey: String, clients: ProviderClients, publicBaseURL: String) {
        self.database = database
        vault = IntegrationVault(secretKey: secretKey)
        self.clients = clients
        self.publicBaseURL = publicBaseURL
    }

    func repository(_ tenant: TenantID) -> IntegrationsRepository { IntegrationsRepository(sql: database.sql, tenantId: tenant) }

    /// Every known provider with the studio's state of it (unconfigured ones included).
    func list(scope: TenantScope) async throws -> [IntegrationDTO] {
        let stored = Dictionary(uniqueKeysWithValues: try await repository(scope.tenantId).all().map { ($0.provider, $0) })
        return IntegrationProvider.allCases.map { IntegrationDTO($0, stored[$0]) }
    }

    func show(_ provider: IntegrationProvider, scope: TenantScope) async throws -> IntegrationDTO {
        IntegrationDTO(provider, try await repository(scope.tenantId).find(provider))
    }

    /// `PUT`: creates or changes the provider's settings. A new integration is enabled when its
    /// channel has no enabled provider yet (a second SMS provider is stored disabled until
    /// `enable` switches the channel to it); the payment providers are enabled at once.
    func set(_ provider: IntegrationProvider, body: BodyFields, scope: TenantScope) async throws -> IntegrationDTO {
        let current = try await repository(scope.tenantId).find(provider).map(vault.readable)
        let changes = try IntegrationInput.apply(body, to: provider, stored: current.map { ($0.settings, Set($0.secretsSet)) })
        var registration = TelegramRegistration()
        if provider == .telegram {
            let stored = try current.map { try open($0) }?.secrets["botToken"]
            registration = try await registerTelegram(
                token: changes.secrets["botToken"].flatMap { $0 } ?? stored ?? "", replacing: stored, webhook: current?.enabled ?? true,
                slug: scope.tenant.slug, locale: scope.tenant.locale)
        }
        let now = scope.clock.now()
        let saved = try await database.mutate(by: scope.auditActor, at: now) { sql -> (Integration, [MutationRecord]) in
            let repository = repository(scope.tenantId).on(sql)
            try await repository.lock()
            let before = try await repository.find(provider)
            var after =
                before.map(vault.readable)
                ?? Integration(
                    tenantId: scope.tenantId, provider: provider, enabled: false, settings: [:], sealedSecrets: [:], lastTestedAt: nil,
                    lastTestOk: nil, lastTestError: nil, createdAt: now, updatedAt: now)
            after.settings = changes.settings.merging(registration.learned) { $1 }
            for (name, secret) in changes.secrets { after.sealedSecrets[name] = try secret.map(vault.seal) }
            if let webhookSecret = registration.webhookSecret { after.sealedSecrets[TelegramWebhookSecret.field] = try vault.seal(webhookSecret) }
            if before == nil {
                if let channel = provider.channel { after.enabled = try await repository.enabled(on: channel) == nil } else { after.enabled = true }
            }
            guard after != before else { return (after, []) }
            // A check made with other credentials says nothing about these.
            let changedSecrets = changes.secrets.keys.sorted()
            if !changedSecrets.isEmpty || after.settings != before?.settings {
                (after.lastTestedAt, after.lastTestOk, after.lastTestError) = (nil, nil, nil)
            }
            after.updatedAt = now
            try await repository.save(after)
            return (
                after, [Self.record(before == nil ? "integration.configured" : "integration.updated", before, after, secretsChanged: changedSecrets)]
            )
        }
        return IntegrationDTO(provider, saved)
    }

    /// `DELETE`: forgets the credentials. A Telegram bot that was in use stops sending updates here.
    func delete(_ provider: IntegrationProvider, scope: TenantScope) async throws {
        guard let current = try await repository(scope.tenantId).find(provider) else { throw AppError.notFound() }
        let now = scope.clock.now()
        let deleted = try await database.mutate(by: scope.auditActor, at: now) { sql -> (Integration?, [MutationRecord]) in
            let repository = repository(scope.tenantId).on(sql)
            try await repository.lock()
            guard let before = try await repository.find(provider) else { return (nil, []) }
            try await repository.delete(provider)
            return (before, [Self.record("integration.deleted", before, nil)])
        }
        guard let deleted else { throw AppError.notFound() }
        if provider == .telegram, current.enabled || deleted.enabled { await unregisterTelegram(deleted, logger: scope.logger) }
    }

    /// The integration with its secrets open; one sealed with another key is `409 integration_secrets_unreadable`.
    func open(_ integration: Integration) throws -> OpenedIntegration {
        do {
            return try vault.open(integration)
        } catch let error as IntegrationSecretsUnreadable {
            throw error.appError
        }
    }

    /// The audit entry and event of a change: snapshots without secrets, and the names (only)
    /// of the secrets the change set or cleared.
    static func record(
        _ action: String, _ before: Integration?, _ after: Integration?, secretsChanged: [String] = [], reason: String? = nil
    ) -> MutationRecord {
        var afterSnapshot = after?.auditSnapshot
        if case .object(var fields) = afterSnapshot {
            if !secretsChanged.isEmpty { fields["secretsChanged"] = .array(secretsChanged.map(JSONValue.string)) }
            if let reason { fields["reason"] = .string(reason) }
            afterSnapshot = .object(fields)
        }
        let provider = (after ?? before)?.provider.rawValue ?? ""
        return MutationRecord(action: action, entityType: "integration", entityId: provider, before: before?.auditSnapshot, after: afterSnapshot)
    }
}
