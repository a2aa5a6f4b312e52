import Foundation
import Testing

@testable import CRMCore

@Suite("List query: filter[...] and sort")
struct ListQueryTests {
    private let moscow = TimeZone(identifier: "Europe/Moscow")!

    private let spec = ListQuerySpec(
        filters: [
            "name": FilterSpec(.string),
            "staffId": FilterSpec(.uuid, operators: [.eq, .in]),
            "active": FilterSpec(.bool),
            "visits": FilterSpec(.int, operators: [.eq, .gt, .gte, .lt, .lte]),
            "birthday": FilterSpec(.date, operators: [.eq, .gte, .lte]),
            "startsAt": FilterSpec(.dateTime, operators: [.gte, .lt]),
            "status": FilterSpec(.enumeration(["pending", "confirmed", "cancelled"]), operators: [.eq, .in]),
        ],
        sortable: ["createdAt", "name", "startsAt"],
        defaultSort: [.descending("createdAt")])

    private func parse(_ pairs: [(String, String)]) throws(AppError) -> ListQuery {
        try ListQuery.parse(pairs.map { (name: $0.0, value: $0.1) }, spec: spec, timeZone: moscow)
    }

    private func problems(_ pairs: [(String, String)]) -> [String: String]? {
        do {
            _ = try parse(pairs)
            return nil
        } catch {
            #expect(error.code == "validation_error")
            return error.fields
        }
    }

    @Test func emptyQueryUsesDefaults() throws {
        // when
        let query = try parse([("page", "3"), ("utm_source", "x")])
        // then
        #expect(query == ListQuery(filters: [], sort: [SortKey("createdAt", descending: true)], page: PageRequest(limit: 50)))
    }

    @Test func parsesEachKindAndOperator() throws {
        // given
        let staff = UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!
        // when
        let query = try parse([
            ("filter[name]", "Anna, Maria"), ("filter[staffId]", staff.uuidString.lowercased()), ("filter[active]", "false"),
            ("filter[visits][gt]", "-3"), ("filter[visits][lte]", "10"), ("filter[visits][eq]", "7"), ("filter[birthday][gte]", "2000-02-29"),
            ("filter[startsAt][gte]", "2026-03-29T10:00:00+03:00"), ("filter[status]", "confirmed"), ("limit", "20"), ("cursor", "eyJhIjoxfQ"),
        ])
        // then
        #expect(
            query.filters == [
                FilterCondition(field: "name", op: .eq, value: .string("Anna, Maria")),
                FilterCondition(field: "staffId", op: .eq, value: .uuid(staff)),
                FilterCondition(field: "active", op: .eq, value: .bool(false)),
                FilterCondition(field: "visits", op: .gt, value: .int(-3)),
                FilterCondition(field: "visits", op: .lte, value: .int(10)),
                FilterCondition(field: "visits", op: .eq, value: .int(7)),
                FilterCondition(field: "birthday", op: .gte, value: .date(LocalDate(year: 2000, month: 2, day: 29)!)),
                FilterCondition(field: "startsAt", op: .gte, value: .dateTime(Date(timeIntervalSince1970: 1_774_767_600))),
                FilterCondition(field: "status", op: .eq, value: .string("confirmed")),
            ])
        #expect(query.page == PageRequest(limit: 20, cursor: "eyJhIjoxfQ"))
    }

    @Test func inListsParseEveryElement() throws {
        // given
        let first = UUID()
        let second = UUID()
        // when
        let query = try parse([("filter[status][in]", "pending,confirmed"), ("filter[staffId][in]", "\(first),\(second)")])
        // then
        #expect(query.filters[0] == FilterCondition(field: "status", op: .in, value: .list([.string("pending"), .string("confirmed")])))
        #expect(query.filters[1].value == .list([.uuid(first), .uuid(second)]))
        #expect(problems([("filter[status][in]", "pending,,confirmed")]) == ["filter[status][in]": "invalid"])
        #expect(problems([("filter[status][in]", "pending,unknown")]) == ["filter[status][in]": "invalid"])
        let tooMany = Array(repeating: "pending", count: ListQuery.maxInValues + 1).joined(separator: ",")
        #expect(problems([("filter[status][in]", tooMany)]) == ["filter[status][in]": "too_many_values"])
    }

    @Test func dateTimeWithoutOffsetIsInTheRequestZone() throws {
        // when 10:00 in Moscow = 07:00Z
        let query = try parse([("filter[startsAt][gte]", "2026-03-29T10:00"), ("filter[startsAt][lt]", "2026-03-30T10:00:00Z")])
        // then
        #expect(query.filters[0].value == .dateTime(Date(timeIntervalSince1970: 1_774_767_600)))
        #expect(query.filters[1].value == .dateTime(Date(timeIntervalSince1970: 1_774_864_800)))
        // and in another zone the same text is another instant
        let london = try ListQuery.parse(
            [(name: "filter[startsAt][gte]", value: "2026-03-29T10:00")], spec: spec, timeZone: TimeZone(identifier: "Europe/London")!)
        #expect(london.filters[0].value == .dateTime(Date(timeIntervalSince1970: 1_774_774_800)))
    }

    @Test func formDecodedPlusInOffsetIsRepaired() throws {
        let query = try parse([("filter[startsAt][gte]", "2026-03-29T10:00:00 03:00")])
        #expect(query.filters[0].value == .dateTime(Date(timeIntervalSince1970: 1_774_767_600)))
    }

    @Test func dateTimeProblemsUseLocalTimeCodes() {
        let london = TimeZone(identifier: "Europe/London")!
        do {
            _ = try ListQuery.parse(
                [(name: "filter[startsAt][gte]", value: "2026-03-29T01:30"), (name: "filter[startsAt][lt]", value: "tomorrow")], spec: spec,
                timeZone: london)
            Issue.record("expected a validation error")
        } catch {
            #expect(error.fields == ["filter[startsAt][gte]": "nonexistent_local_time", "filter[startsAt][lt]": "invalid_datetime"])
        }
    }

    @Test func sortParsing() throws {
        #expect(try parse([("sort", "-startsAt,name")]).sort == [.descending("startsAt"), .ascending("name")])
        #expect(try parse([("sort", "name")]).sort == [SortKey("name", descending: false)])
        #expect(try parse([("sort", "")]).sort == [.descending("createdAt")])
        #expect(problems([("sort", "name,-name")]) == ["sort": "duplicate_sort"])
        #expect(problems([("sort", "name,,createdAt")]) == ["sort": "unsupported_sort"])
        #expect(problems([("sort", "+name")]) == ["sort": "unsupported_sort"])
        #expect(problems([("sort", "-")]) == ["sort": "unsupported_sort"])
    }

    @Test func allowListRejectionsAreReportedTogether() {
        // when
        let fields = problems([
            ("filter[secret]", "1"), ("filter[password][gte]", "x"), ("filter[active][gt]", "true"), ("filter[visits][in]", "1,2"),
            ("filter[visits][between]", "1"), ("filter[startsAt]", "2026-03-29T10:00"), ("filter[visits]", "ten"), ("filter[active]", "yes"),
            ("filter[staffId]", "not-a-uuid"), ("filter[birthday]", "2026-02-29"), ("filter[status]", "done"), ("filter[name]", ""),
            ("filter[]", "x"), ("filter[name]x", "x"), ("filter[name][eq][x]", "x"), ("sort", "-createdAt,password"), ("limit", "500"),
            ("cursor", "%%%"), ("filter[visits][gt]", "1"), ("filter[visits][gt]", "2"),
        ])
        // then
        #expect(
            fields == [
                "filter[secret]": "unknown_filter",
                "filter[password]": "unknown_filter",
                "filter[active][gt]": "unsupported_operator",
                "filter[visits][in]": "unsupported_operator",
                "filter[visits][between]": "unsupported_operator",
                "filter[startsAt]": "unsupported_operator",
                "filter[visits]": "invalid",
                "filter[active]": "invalid",
                "filter[staffId]": "invalid",
                "filter[birthday]": "invalid",
                "filter[status]": "invalid",
                "filter[name]": "invalid",
                "filter[]": "unknown_filter",
                "filter[name]x": "unknown_filter",
                "filter[name][eq][x]": "unknown_filter",
                "sort": "unsupported_sort",
                "limit": "out_of_range",
                "cursor": "invalid",
                "filter[visits][gt]": "duplicate",
            ])
    }

    @Test func intFilterRejectsNonDecimalText() {
        for text in ["+1", "1.0", "0x10", "99999999999999999999", " 1"] {
            #expect(problems([("filter[visits]", text)]) == ["filter[visits]": "invalid"], "\(text)")
        }
    }

    @Test func repeatedPaginationParametersAreRejected() {
        #expect(problems([("limit", "10"), ("limit", "20"), ("sort", "name"), ("sort", "name")]) == ["limit": "duplicate", "sort": "duplicate"])
    }
}
