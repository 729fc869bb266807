// Signed positions in raw memory, shared by the broker (which writes them) and the strategy (which
// reads them on every row).

/// Signed positions in raw memory allocated once per run: the strategy reads them on every row
/// through a buffer pointer, the broker writes them on fills. One broker owns it.
final class PositionMemory {
    let pointer: UnsafeMutablePointer<Double>
    let buffer: UnsafeMutableBufferPointer<Double>

    init(assetCount: Int) {
        pointer = .allocate(capacity: max(assetCount, 1))
        pointer.initialize(repeating: 0, count: max(assetCount, 1))
        buffer = UnsafeMutableBufferPointer(start: pointer, count: assetCount)
    }

    deinit { pointer.deallocate() }
}
