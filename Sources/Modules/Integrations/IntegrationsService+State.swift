import CRMCore
import Foundation
import Tenancy

extension IntegrationsService {
    /// `POST …/enable`. One provider per messaging channel is in use: enabling SMSC while SMS Aero
    /// is enabled switches the channel — SMS Aero is disabled in the same transaction, and both
    /// changes are audited. Enabling the Telegram bot registers its webhook first.
    func enable(_ provider: IntegrationProvider, scope: TenantScope) async throws -> IntegrationDTO {
        guard let current = try await repository(scope.tenantId).find(provider) else { throw AppError.notFound() }
        if current.enabled { return IntegrationDTO(provider, current) }
        var registration = TelegramRegistration()
        if provider == .telegram {
            registration = try await registerTelegram(
                token: try open(current).secret("botToken"), replacing: nil, webhook: true, slug: scope.tenant.slug, locale: scope.tenant.locale)
        }
        let now = scope.clock.now()
        let enabled = try await database.mutate(by: scope.auditActor, at: now) { sql -> (Integration?, [MutationRecord]) in
            let repository = repository(scope.tenantId).on(sql)
            try await repository.lock()
            guard let before = try await repository.find(provider) else { return (nil, []) }
            guard !before.enabled else { return (before, []) }
            var records: [MutationRecord] = []
            // The other provider goes first: the partial unique index allows one enabled row per channel at any moment.
            if let channel = provider.channel, let other = try await repository.enabled(on: channel) {
                var disabled = other
                disabled.enabled = false
                disabled.updatedAt = now
                try await repository.save(disabled)
                records.append(Self.record("integration.disabled", other, disabled, reason: "switched_to_\(provider.rawValue)"))
            }
            var after = before
            after.enabled = true
            after.settings.merge(registration.learned) { $1 }
            if let secret = registration.webhookSecret { after.sealedSecrets[TelegramWebhookSecret.field] = try vault.seal(secret) }
            after.updatedAt = now
            try await repository.save(after)
            records.append(Self.record("integration.enabled", before, after))
            return (after, records)
        }
        guard let enabled else { throw AppError.notFound() }
        return IntegrationDTO(provider, enabled)
    }

    /// `POST …/disable`: the provider stays configured but is not used; a Telegram bot's webhook
    /// is removed after the commit.
    func disable(_ provider: IntegrationProvider, scope: TenantScope) async throws -> IntegrationDTO {
        guard let current = try await repository(scope.tenantId).find(provider) else { throw AppError.notFound() }
        if !current.enabled { return IntegrationDTO(provider, current) }
        let now = scope.clock.now()
        let disabled = try await database.mutate(by: scope.auditActor, at: now) { sql -> (Integration?, [MutationRecord]) in
            let repository = repository(scope.tenantId).on(sql)
            try await repository.lock()
            guard let before = try await repository.find(provider) else { return (nil, []) }
            guard before.enabled else { return (before, []) }
            var after = before
            after.enabled = false
            after.updatedAt = now
            try await repository.save(after)
            return (after, [Self.record("integration.disabled", before, after)])
        }
        guard let disabled else { throw AppError.notFound() }
        if provider == .telegram { await unregisterTelegram(disabled, logger: scope.logger) }
        return IntegrationDTO(provider, disabled)
    }

    /// `POST …/test`: a harmless real call with the stored credentials (enabled or not). The
    /// outcome is stored on the integration (audited as `integration.tested`) and answered with
    /// `200` either way; `ok: false` carries the provider's reason.
    func test(_ provider: IntegrationProvider, scope: TenantScope) async throws -> IntegrationTestDTO {
        guard let current = try await repository(scope.tenantId).find(provider) else { throw AppError.notFound() }
        let clock = scope.clock
        let outcome = await clients.check(try open(current), now: { clock.now() })
        let now = clock.now()
        let stored = try await database.mutate(by: scope.auditActor, at: now) { sql -> (Integration?, [MutationRecord]) in
            let repository = repository(scope.tenantId).on(sql)
            try await repository.lock()
            // Changed or forgotten while the provider was asked: the outcome is not about the stored credentials.
            guard let before = try await repository.find(provider), before.sealedSecrets == current.sealedSecrets,
                before.settings == current.settings
            else { return (nil, []) }
            var after = before
            (after.lastTestedAt, after.lastTestOk, after.lastTestError) = (now, outcome.ok, outcome.failure?.message)
            after.settings.merge(outcome.learned) { $1 }
            try await repository.save(after)
            var result: [String: JSONValue] = ["provider": .string(provider.rawValue), "ok": .bool(outcome.ok)]
            if let failure = outcome.failure { result["reason"] = .string(failure.reason) }
            return (
                after, [MutationRecord(action: "integration.tested", entityType: "integration", entityId: provider.rawValue, after: .object(result))]
            )
        }
        return IntegrationTestDTO(
            provider: provider, ok: outcome.ok, checkedAt: now, detail: outcome.detail, error: outcome.failure,
            integration: IntegrationDTO(provider, stored ?? current))
    }
}
