import CRMCore
import Foundation

/// Seals and opens the studios' provider secrets with a key derived from the server's
/// `SECRET_KEY` (purpose `integrations`, so no other sealed value of the installation opens as
/// one of these). Each secret is sealed on its own, with its own nonce.
struct IntegrationVault: Sendable {
    let box: SecretBox

    init(secretKey: String) {
        box = SecretBox(secretKey: secretKey, purpose: "integrations")
    }

    func seal(_ secret: String) throws -> String { try box.seal(secret) }

    /// The integration without the secrets that do not open with this key (sealed under a former
    /// `SECRET_KEY`): what a `PUT` builds on, so re-entering them repairs the integration and the
    /// ones still missing are reported as `required`.
    func readable(_ integration: Integration) -> Integration {
        var readable = integration
        readable.sealedSecrets = integration.sealedSecrets.filter { (try? box.open($0.value)) != nil }
        return readable
    }

    /// The integration with its secrets in the clear. A value that does not open (the server's
    /// `SECRET_KEY` changed, or the row was altered) is `IntegrationSecretsUnreadable`.
    func open(_ integration: Integration) throws -> OpenedIntegration {
        var secrets: [String: String] = [:]
        for (name, sealed) in integration.sealedSecrets {
            do {
                secrets[name] = try box.open(sealed)
            } catch {
                throw IntegrationSecretsUnreadable(provider: integration.provider)
            }
        }
        return OpenedIntegration(integration: integration, secrets: secrets)
    }
}

/// The stored secrets of an integration cannot be opened with this server's key.
struct IntegrationSecretsUnreadable: Error, Equatable {
    let provider: IntegrationProvider

    var appError: AppError {
        AppError.conflict("integration_secrets_unreadable", details: ["provider": .string(provider.rawValue)])
    }
}

/// Provider texts kept or shown (a check's error, a refusal's reason) never carry a credential:
/// the integration's own secrets are cut out, and so is anything that looks like a key or a
/// masked fragment of one (Stripe answers "Invalid API Key provided: sk_test_****1234").
enum ProviderText {
    static let keyPrefixes = ["sk_", "rk_", "pk_", "whsec_", "live_", "test_"]

    static func clean(_ text: String, secrets: [String]) -> String {
        var cleaned = text
        for secret in secrets where secret.count >= 4 { cleaned = cleaned.replacingOccurrences(of: secret, with: "<redacted>") }
        let words = cleaned.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            let bare = word.trimmingCharacters(in: CharacterSet(charactersIn: "\"'`.,;:()[]{}<>"))
            let looksLikeKey = bare.contains("***") || keyPrefixes.contains { bare.hasPrefix($0) && bare.count > $0.count + 3 }
            return looksLikeKey ? "<redacted>" : String(word)
        }
        return String(words.joined(separator: " ").prefix(500))
    }
}
