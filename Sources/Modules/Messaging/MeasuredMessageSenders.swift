import CRMCore
import Providers
import Operations

/// The studio's senders with every provider call timed into the call log (provider health).
public struct MeasuredMessageSenders: MessageSenderDirectory {
    let base: any MessageSenderDirectory
    let log: ProviderCallLog

    public init(base: any MessageSenderDirectory, log: ProviderCallLog) {
        self.base = base
        self.log = log
    }

    public func sender(for channel: MessageChannel, tenant: TenantID) async throws -> (any MessageSender)? {
        try await base.sender(for: channel, tenant: tenant).map { MeasuredMessageSender(base: $0, log: log, tenant: tenant) }
    }
}

struct MeasuredMessageSender: MessageSender {
    let base: any MessageSender
    let log: ProviderCallLog
    let tenant: TenantID

    var provider: String { base.provider }
    var channel: MessageChannel { base.channel }

    func send(_ message: OutboundMessage) async throws -> MessageReceipt {
        try await log.measure(tenant: tenant, provider: provider, operation: "send") { try await base.send(message) }
    }

    func status(providerMessageId: String) async throws -> DeliveryStatus? {
        try await log.measure(tenant: tenant, provider: provider, operation: "status") { try await base.status(providerMessageId: providerMessageId) }
    }
}
