import Foundation

/// The request body of an OpenAI-compatible `POST /v1/chat/completions`. Only the human text of
/// Velory hints is generated this way; scores never depend on it (SPEC §10).
public struct ChatCompletionRequest: Codable, Sendable, Equatable {
    public struct Message: Codable, Sendable, Equatable {
        public enum Role: String, Codable, Sendable { case system, user, assistant }
        public var role: Role
        public var content: String

        public init(role: Role, content: String) {
            self.role = role
            self.content = content
        }
    }

    public var model: String
    public var messages: [Message]
    public var temperature: Double?
    public var maxTokens: Int?

    public init(model: String, messages: [Message], temperature: Double? = nil, maxTokens: Int? = nil) {
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.maxTokens = maxTokens
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature
        case maxTokens = "max_tokens"
    }
}

/// The part of the response the application keeps: the text and the token usage that every AI
/// call logs for cost accounting.
public struct ChatCompletionResponse: Decodable, Sendable, Equatable {
    public struct Choice: Decodable, Sendable, Equatable {
        public let message: ChatCompletionRequest.Message
    }
    public struct Usage: Decodable, Sendable, Equatable {
        public let promptTokens: Int
        public let completionTokens: Int

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }

    public let choices: [Choice]
    public let usage: Usage?

    public var text: String? { choices.first?.message.content }
}
