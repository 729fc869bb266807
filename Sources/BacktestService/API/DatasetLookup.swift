// The datasets one request's validation reads, each fetched from the store once: a sweep validates
// every combination against the same few datasets.

/// A per-request cache of dataset lookups.
struct DatasetLookup {
    let store: any Store
    private var found: [String: Dataset?] = [:]

    init(store: any Store) { self.store = store }

    /// The dataset with `id` (not deleted), or nil; a storage failure is its problem.
    mutating func find(_ id: String) throws(Problem) -> Dataset? {
        if let cached = found[id] { return cached }
        let dataset: Dataset?
        do { dataset = try store.dataset(id: id) } catch { throw .storage(error) }
        found[id] = dataset
        return dataset
    }
}
