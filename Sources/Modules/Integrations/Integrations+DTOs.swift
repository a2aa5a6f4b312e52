import CRMCore
import Foundation
import Hummingbird

/// One provider as the API shows it, configured or not. Secrets are write-only: `secrets` says
/// which are set (`{"apiKey": true}`), never a value nor any part of one.
struct IntegrationDTO: Encodable, Sendable, ResponseEncodable {
    enum State: String, Encodable, Sendable {
        case notConfigured = "not_configured"
        case enabled
        case disabled
    }

    struct LastTest: Encodable, Sendable {
        let at: Date
        let ok: Bool
        /// The provider's reason, credentials cut out.
        let error: String?
    }

    let provider: IntegrationProvider
    /// `sms`, `email`, `telegram` or `payments`.
    let channel: String
    let state: State
    /// Every non-secret field, `null` when unset.
    let settings: [String: JSONValue]
    let secrets: [String: Bool]
    let lastTest: LastTest?
    let createdAt: Date?
    let updatedAt: Date?

    init(_ provider: IntegrationProvider, _ integration: Integration?) {
        self.provider = provider
        channel = provider.group
        state = integration.map { $0.enabled ? .enabled : .disabled } ?? .notConfigured
        settings = Dictionary(uniqueKeysWithValues: provider.settingFields.map { ($0.name, integration?.settings[$0.name] ?? .null) })
        let set = Set(integration?.secretsSet ?? [])
        secrets = Dictionary(uniqueKeysWithValues: provider.secretFields.map { ($0.name, set.contains($0.name)) })
        lastTest = integration.flatMap { integration in
            integration.lastTestedAt.map { LastTest(at: $0, ok: integration.lastTestOk ?? false, error: integration.lastTestError) }
        }
        createdAt = integration?.createdAt
        updatedAt = integration?.updatedAt
    }
}

struct IntegrationListDTO: Encodable, Sendable, ResponseEncodable {
    let items: [IntegrationDTO]
}

/// The answer of `POST /integrations/{provider}/test`: the provider was asked; `ok` says how it
/// went. A provider's refusal is an answer, not an error of this API (still `200`).
struct IntegrationTestDTO: Encodable, Sendable, ResponseEncodable {
    let provider: IntegrationProvider
    let ok: Bool
    let checkedAt: Date
    /// What the provider said about the account when it answered (`balance 337.03 RUB`).
    let detail: String?
    let error: IntegrationProviderFailure?
    let integration: IntegrationDTO
}
