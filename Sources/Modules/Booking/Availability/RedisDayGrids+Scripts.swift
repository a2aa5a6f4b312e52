import CRMCore
import Foundation

extension RedisDayGrids {
    /// KEYS[1] tenant mark, then triples (staff mark, date mark, grid key); ARGV[1] ticket,
    /// ARGV[2] grid seconds, ARGV[3...] one encoded grid per triple. Answers how many were stored.
    static let storeScript = """
        local ticket = tonumber(ARGV[1])
        if tonumber(redis.call('GET', KEYS[1]) or '0') > ticket then return 0 end
        local stored = 0
        for i = 2, #KEYS, 3 do
          local staff = tonumber(redis.call('GET', KEYS[i]) or '0')
          local date = tonumber(redis.call('GET', KEYS[i + 1]) or '0')
          if staff <= ticket and date <= ticket then
            redis.call('SET', KEYS[i + 2], ARGV[1] .. ':' .. ARGV[3 + (i - 2) / 3], 'EX', ARGV[2])
            stored = stored + 1
          end
        end
        return stored
        """

    /// KEYS[1] epoch, then pairs (date mark, grid key); ARGV[1] mark seconds.
    static let invalidateDatesScript = """
        local epoch = redis.call('INCR', KEYS[1])
        for i = 2, #KEYS, 2 do
          redis.call('SET', KEYS[i], epoch, 'EX', ARGV[1])
          redis.call('DEL', KEYS[i + 1])
        end
        return epoch
        """

    /// KEYS[1] epoch, KEYS[2] a staff or tenant mark; ARGV[1] mark seconds.
    static let markScript = """
        local epoch = redis.call('INCR', KEYS[1])
        redis.call('SET', KEYS[2], epoch, 'EX', ARGV[1])
        return epoch
        """

    /// `ticket:low:high` with the two words in hex, as stored (the ticket is prefixed by the script).
    static func encode(_ grid: DayGrid) -> String {
        String(grid.low, radix: 16) + ":" + String(grid.high, radix: 16)
    }

    static func decode(_ reply: RedisConnection.Reply) -> (UInt64, DayGrid)? {
        guard case .string(let text) = reply else { return nil }
        let parts = text.split(separator: ":")
        guard parts.count == 3, let ticket = UInt64(parts[0]), let low = UInt64(parts[1], radix: 16), let high = UInt64(parts[2], radix: 16)
        else { return nil }
        return (ticket, DayGrid(low: low, high: high))
    }

    /// An integer reply or bulk string (a mark, the epoch); 0 when absent.
    static func number(_ reply: RedisConnection.Reply) -> UInt64 {
        switch reply {
        case .integer(let value): UInt64(max(0, value))
        case .string(let text): UInt64(text) ?? 0
        default: 0
        }
    }
}
