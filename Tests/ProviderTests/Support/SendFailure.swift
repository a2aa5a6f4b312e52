import Providers
import Testing

/// The `MessageSendError` a call throws; nil when it succeeds or throws something else (then the
/// test's `#require` fails and names the call).
func sendFailure(_ body: () async throws -> Void) async -> MessageSendError? {
    do {
        try await body()
        return nil
    } catch let error as MessageSendError {
        return error
    } catch {
        Issue.record("expected a MessageSendError, got \(error)")
        return nil
    }
}
