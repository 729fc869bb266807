// DatasetUploadConsumer: a `POST /v1/datasets` CSV body parsed as it arrives (`CSVStreamIngest`), so
// that an upload never holds its body; once it has arrived, the rows are checked, sorted, packed and
// stored off the HTTP threads, and answered as a gathered upload would be.

import BacktestEngine
import Dispatch
import MicroHTTP
import Synchronization

/// Takes one CSV upload's body piece by piece.
final class DatasetUploadConsumer: BodyConsumer {
    private let api: BacktestAPI
    private let kind: DatasetKind
    private let name: String?
    private var ingest: CSVStreamIngest

    /// `expectedBytes` is the announced body size (nil when unknown or compressed).
    init(api: BacktestAPI, kind: DatasetKind, name: String?, expectedBytes: Int?) {
        self.api = api
        self.kind = kind
        self.name = name
        ingest = CSVStreamIngest(kind: kind.ingestKind, expectedBytes: expectedBytes)
    }

    func consume(_ bytes: UnsafeRawBufferPointer) {
        ingest.consume(bytes)
    }

    func finish() -> Reply {
        // Moved out, so that the columns have one owner on the queue below (no copy on write).
        let handoff = Handoff(ingest)
        ingest = CSVStreamIngest(kind: ingest.kind, expectedBytes: nil)
        let (api, kind, name) = (self.api, self.kind, self.name)
        return .deferred { pending in
            DispatchQueue.global().async {
                guard var ingest = handoff.take() else {
                    pending.complete(.problem(.internalServerError, detail: "The upload was finished twice."))
                    return
                }
                let bytes = ingest.byteCount
                let payload = Result { () throws(IngestError) -> DatasetPayload in
                    try CSVIngest.payload(from: ingest.finish(), kind: kind)
                }
                switch payload {
                case .success(let payload): pending.complete(api.storeDataset(payload, name: name, bytes: bytes))
                case .failure(let error): pending.complete(Problem.invalidCSV(error).response)
                }
            }
        }
    }
}

/// Hands one value to another thread, taken exactly once.
private final class Handoff<Value: Sendable>: Sendable {
    private let value: Mutex<Value?>

    init(_ value: consuming Value) {
        self.value = Mutex(value)
    }

    /// The value, the first time; nil after.
    func take() -> Value? {
        value.withLock { stored in
            defer { stored = nil }
            return stored
        }
    }
}
