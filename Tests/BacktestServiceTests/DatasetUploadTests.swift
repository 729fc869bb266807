// DatasetUploadTests: which multipart part is the CSV, form fields against the query, and the
// stripped-newlines check of ingest (fires on `curl -d` bodies, not on header-only or CR files).
import MicroHTTP
import Testing

@testable import BacktestService

@Suite("Dataset upload framing")
struct DatasetUploadTests {
    func part(_ name: String?, file: String? = nil) -> MultipartPart {
        MultipartPart(name: name, filename: file, contentType: nil, content: 0..<0)
    }

    @Test func theFilePartIsTheOneWithAFilenameOrTheOnlyOtherPart() throws {
        #expect(try DatasetUpload.filePart(of: [part("kind"), part("data", file: "a.csv")]) == 1)
        #expect(try DatasetUpload.filePart(of: [part("file")]) == 0)
        #expect(try DatasetUpload.filePart(of: [part("name"), part("file")]) == 1)
        #expect(throws: Problem.self) { try DatasetUpload.filePart(of: [part("a", file: "a"), part("b", file: "b")]) }
        #expect(throws: Problem.self) { try DatasetUpload.filePart(of: [part("kind"), part("name")]) }
        #expect(throws: Problem.self) { try DatasetUpload.filePart(of: []) }
        let multiple = #expect(throws: Problem.self) {
            try DatasetUpload.filePart(of: [part("a", file: "a.csv"), part("b", file: "b.csv")])
        }
        #expect(multiple?.code == "multiple_files")
        #expect(multiple?.detail.contains("a.csv") == true && multiple?.detail.contains("b.csv") == true)
        let missing = #expect(throws: Problem.self) { try DatasetUpload.filePart(of: [part("kind")]) }
        #expect(missing?.code == "missing_file")
    }

    func resolve(_ body: String, query: DatasetUpload.Fields = .init()) throws(Problem) -> DatasetUpload {
        let bytes = Array(body.utf8)
        return try bytes.withUnsafeBytes { raw in
            Result { () throws(Problem) in
                try DatasetUpload.resolve(raw, framing: .multipart(boundary: Array("b".utf8)), query: query)
            }
        }.get()
    }

    static let form =
        "--b\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ncontext\r\n"
        + "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nvix daily\r\n"
        + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"v.csv\"\r\n\r\ntimestamp,vix\r\n--b--\r\n"

    @Test func formFieldsGiveKindAndNameAndMustAgreeWithTheQuery() throws {
        let upload = try resolve(Self.form)
        #expect(upload.kind == .context)
        #expect(upload.name == "vix daily")
        #expect(String(decoding: Array(Self.form.utf8)[upload.csv], as: UTF8.self) == "timestamp,vix")
        #expect(try resolve(Self.form, query: .init(kind: .context)).kind == .context)
        let conflict = #expect(throws: Problem.self) { try resolve(Self.form, query: .init(kind: .bars)) }
        #expect(conflict?.code == "conflicting_parameters")
        let badKind = Self.form.replacingOccurrences(of: "\r\n\r\ncontext", with: "\r\n\r\nticks")
        let invalid = #expect(throws: Problem.self) { try resolve(badKind) }
        #expect(invalid?.code == "invalid_form_field")
    }

    static let stripped =
        "timestamp,asset,open,high,low,close,volume,ml_pred,confidence"
        + "2020-01-02T00:00:00Z,A000,132.52,134.87,127.97,129.91,16034,0.579556,0.746050"
        + "2020-01-02T00:00:00Z,A001,181.50,183.46,181.05,181.72,16424,0.406503,0.206140"

    func ingestProblem(_ text: String) -> IngestProblem? {
        let bytes = Array(text.utf8)
        do {
            _ = try bytes.withUnsafeBytes { raw in Result { () throws(IngestError) in try CSVIngest.bars(raw) } }.get()
            return nil
        } catch { return error.problems.first }
    }

    @Test func strippedNewlinesAreRecognizedAndTheProblemStaysSmall() throws {
        let problem = try #require(ingestProblem(Self.stripped))
        #expect(problem.code == "newlines_stripped")
        #expect(problem.message.contains("--data-binary"))
        #expect(problem.message.contains("-F file=@"))
        // A megabyte-long single line still gets a short message.
        let huge =
            Self.stripped + String(repeating: "2020-01-03T00:00:00Z,A002,1.5,1.6,1.4,1.5,10,0.5,0.5", count: 20_000)
        let big = try #require(ingestProblem(huge))
        #expect(big.code == "newlines_stripped")
        #expect(big.message.utf8.count < 600)
        #expect(Problem.invalidCSV(IngestError(big)).code == "newlines_stripped")
    }

    @Test func headerOnlyAndCarriageReturnFilesAreNotCalledStripped() {
        #expect(ingestProblem("timestamp,asset,close")?.code == "empty_body")
        #expect(ingestProblem("timestamp,asset,close\n")?.code == "empty_body")
        #expect(ingestProblem("timestamp,asset,close\r2020-01-02,AAA,10\r")?.code != "newlines_stripped")
    }
}
