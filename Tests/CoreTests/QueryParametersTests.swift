import Foundation
import Testing

@testable import CRMCore

@Suite("Query parameters: names and values percent-decoded once")
struct QueryParametersTests {
    @Test func namesAndValuesAreDecodedInOrder() {
        // when
        let query = QueryParameters(query: "filter%5Bstatus%5D=disabled&q=Anna%20Ivanova&filter[role]=owner&empty&sort=")
        // then
        #expect(query.pairs.map(\.name) == ["filter[status]", "q", "filter[role]", "empty", "sort"])
        #expect(query.pairs.map(\.value) == ["disabled", "Anna Ivanova", "owner", "", ""])
        #expect(query["filter[status]"] == "disabled")
        #expect(query["missing"] == nil)
    }

    @Test func aPlusStaysAPlusAndABrokenEscapeIsKeptAsWritten() {
        // when
        let query = QueryParameters(query: "q=+7%20912&filter%zz=1&from=2026-01-01T10:00:00%2B03:00")
        // then: phone numbers and offsets keep their plus; the parser sees the broken name and refuses it
        #expect(query["q"] == "+7 912")
        #expect(query["filter%zz"] == "1")
        #expect(query["from"] == "2026-01-01T10:00:00+03:00")
    }

    @Test func noQueryIsNoPairs() {
        #expect(QueryParameters(query: nil).pairs.isEmpty)
        #expect(QueryParameters(query: "").pairs.isEmpty)
    }
}
