import CRMCore
import Foundation
import HTTPTypes
import Hummingbird
import Tenancy

/// `/exports`: the owner's export of all the studio's data (permission `data.export`, every plan:
/// owners own their data).
public struct DataExportController: Sendable {
    let service: DataExportService
    let files = FileIO()

    public init(service: DataExportService) { self.service = service }

    public func addRoutes(to routes: TenantRoutes) {
        routes.post("exports", .needs(.dataExport), use: create)
        routes.get("exports", .needs(.dataExport), use: list)
        routes.get("exports/{id}", .needs(.dataExport), use: show)
        routes.get("exports/{id}/download", .needs(.dataExport), use: download)
    }

    struct ProgressDTO: Codable, Sendable {
        let done: Int64
        let total: Int64
        let percent: Int
    }

    struct ExportDTO: ResponseCodable, Sendable {
        let id: UUID
        let status: String
        let progress: ProgressDTO
        let fileName: String
        let sizeBytes: Int64?
        let sha256: String?
        let error: String?
        let requestedBy: UserID?
        let createdAt: Date
        let startedAt: Date?
        let finishedAt: Date?
        let expiresAt: Date?
        let downloadUrl: String?

        init(_ export: DataExport) {
            id = export.id
            status = export.status.rawValue
            progress = ProgressDTO(done: export.progressDone, total: export.progressTotal, percent: export.percent)
            fileName = export.fileName
            sizeBytes = export.sizeBytes
            sha256 = export.sha256
            error = export.error
            requestedBy = export.requestedBy
            createdAt = export.createdAt
            startedAt = export.startedAt
            finishedAt = export.finishedAt
            expiresAt = export.expiresAt
            downloadUrl = export.status == .ready ? "/api/v1/exports/\(export.id.uuidString.lowercased())/download" : nil
        }
    }

    struct ListDTO: ResponseCodable, Sendable {
        let items: [ExportDTO]
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> EditedResponse<ExportDTO> {
        EditedResponse(status: .accepted, response: ExportDTO(try await service.request(scope: context.scope)))
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> ListDTO {
        ListDTO(items: try await service.list(scope: context.scope).map(ExportDTO.init))
    }

    @Sendable func show(_ request: Request, context: TenantRequestContext) async throws -> ExportDTO {
        ExportDTO(try await service.find(try context.pathValue("id", UUID.init(uuidString:)), scope: context.scope))
    }

    @Sendable func download(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (export, file) = try await service.download(try context.pathValue("id", UUID.init(uuidString:)), scope: context.scope)
        let body = try await files.loadFile(path: file.path, context: context)
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        headers[.contentDisposition] = "attachment; filename=\"\(export.fileName)\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: body)
    }
}
