// Result table routes: fills, orders, trades and equity as JSON pages or whole CSV downloads that
// answer HEAD and byte ranges (polars reads a URL that way), numbers rounded or in full
// (`?precision=`).
import BacktestEngine
import Dispatch
import MicroHTTP

extension BacktestAPI {
    func resultTable(_ table: ResultTable, _ request: Request) throws(Problem) -> Reply {
        let id = request.pathParameters["id"] ?? ""
        let (_, result) = try succeededResult(id)
        let precision = try request.precision().get()
        if try request.wantsCSV().get() {
            return csv(table, of: result, id: id, precision: precision, for: request)
        }
        let limit = try request.limit(default: 1000, max: 10_000).get()
        let total = table.count(in: result)
        var offset = 0
        if let cursor = request.query["cursor"] {
            guard let n = Int(cursor), (0...total).contains(n) else {
                throw .badQuery("cursor", "expected a cursor from a previous page's next_cursor, found \"\(cursor)\"")
            }
            offset = n
        }
        let end = min(total, offset + limit)
        var encoder = JSONRowEncoder(precision: precision)
        encoder.writer.raw("{\"items\":[")
        table.encode(offset..<end, of: result, into: &encoder)
        encoder.writer.raw("],\"next_cursor\":")
        encoder.writer.write(end < total ? .string(String(end)) : .null)
        encoder.writer.raw(",\"total\":")
        encoder.writer.number(Double(total))
        encoder.writer.raw("}")
        return .response(JSONResponse.immutable(encoder.writer.bytes, for: request))
    }

    /// The whole table as CSV. Tables of fewer than `streamCSVRows` rows are rendered once and
    /// cached whole. Larger ones are never held as text: a plain GET before anything is known about
    /// the table streams it (chunked, rendered as it is sent); HEAD, ranged and conditional GETs are
    /// answered from the table's layout (measured once, shared by concurrent first requests), a
    /// range rendered from the row mark before it, and a plain GET once the layout is known
    /// streams with Content-Length. Results never change once a job has succeeded, so the entity
    /// tag names the result and the precision rather than hashing the text; the cache keys name
    /// the precision too, so one form is never served for the other.
    private func csv(
        _ table: ResultTable, of result: BacktestResult, id: String, precision: Precision, for request: Request
    ) -> Reply {
        let key = "\(id)/\(table.rawValue)/\(precision.rawValue)"
        let etag = "\"\(id)-\(table.rawValue)-\(precision.rawValue)-csv\""
        let contentType = "text/csv; charset=utf-8"
        let suffix = precision == .standard ? "" : "-\(precision.rawValue)"
        let disposition = "inline; filename=\"\(id)-\(table.rawValue)\(suffix).csv\""
        guard table.count(in: result) >= configuration.streamCSVRows else {
            let cache = csvCache
            let serve: @Sendable () -> Response = {
                let bytes = cache.bytes(for: key) { table.csv(of: result, precision: precision) }
                var response = Response.servingBytes(bytes, contentType: contentType, etag: etag, for: request)
                response.headers.set("Content-Disposition", disposition)
                return response
            }
            if cache.contains(key) { return .response(serve()) }
            // Rendering a whole table takes milliseconds per megabyte: not on an HTTP thread.
            return .deferred { pending in DispatchQueue.global().async { pending.complete(serve()) } }
        }
        let serve: @Sendable (CSVLayout) -> Response = { layout in
            var response = Response.servingRanges(
                length: layout.length, contentType: contentType, etag: etag, for: request
            ) { range in
                guard let range else {
                    return .stream(
                        contentLength: UInt64(layout.length),
                        source: CSVStream(table: table, result: result, precision: precision))
                }
                return .stream(
                    contentLength: UInt64(range.count),
                    source: CSVRangeStream(
                        table: table, result: result, precision: precision, layout: layout, range: range))
            }
            response.headers.set("Content-Disposition", disposition)
            return response
        }
        if let layout = csvLayouts.cached(key) { return .response(serve(layout)) }
        if request.method == .GET, request.headers["Range"] == nil, request.headers["If-None-Match"] == nil {
            let headers: HTTPHeaders = ["Content-Type": contentType, "ETag": etag, "Content-Disposition": disposition]
            return .response(
                Response(
                    status: .ok, headers: headers,
                    body: .stream(
                        contentLength: nil, source: CSVStream(table: table, result: result, precision: precision))))
        }
        let layouts = csvLayouts
        return .deferred { pending in
            layouts.layout(
                for: key, measure: { CSVLayout.measure(table, of: result, precision: precision) },
                then: { layout in pending.complete(serve(layout)) })
        }
    }
}
